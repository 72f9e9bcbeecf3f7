package dev.sluice.policy.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A versioned Lua script from the classpath, run by EVALSHA; loaded on the first NOSCRIPT (a fresh or restarted
 * Redis) and run again. The version suffix in the file name lets old and new instances share one Redis in a rolling deploy.
 */
final class LuaScript {

    private final String body;
    private final String sha;

    private LuaScript(String body, String sha) {
        this.body = body;
        this.sha = sha;
    }

    static LuaScript load(RedisReactiveCommands<String, String> commands, String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + resource);
            }
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(body, commands.digest(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Mono<List<Object>> run(RedisReactiveCommands<String, String> commands, String[] keys, String[] args) {
        return evalsha(commands, keys, args)
                .onErrorResume(RedisNoScriptException.class, e -> commands.scriptLoad(body)
                        .then(evalsha(commands, keys, args)));
    }

    /** Lettuce emits a multi-bulk reply as one list element. */
    @SuppressWarnings("unchecked")
    private static List<Object> unwrap(List<Object> items) {
        return items.size() == 1 && items.getFirst() instanceof List<?> inner ? (List<Object>) inner : items;
    }

    private Mono<List<Object>> evalsha(RedisReactiveCommands<String, String> commands, String[] keys, String[] args) {
        Flux<Object> result = commands.evalsha(sha, ScriptOutputType.MULTI, keys, args);
        return result.collectList().map(LuaScript::unwrap);
    }
}
