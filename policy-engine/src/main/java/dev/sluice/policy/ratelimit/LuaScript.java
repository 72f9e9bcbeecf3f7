package dev.sluice.policy.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
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

    static LuaScript load(RedisAsyncCommands<String, String> commands, String resource) {
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

    /** The script's reply, a flat array (Lua table) of integers. */
    Mono<List<Object>> run(RedisCalls redis, String[] keys, String[] args) {
        return evalsha(redis, keys, args)
                .onErrorResume(RedisNoScriptException.class, e -> redis.call(c -> c.scriptLoad(body))
                        .then(evalsha(redis, keys, args)));
    }

    private Mono<List<Object>> evalsha(RedisCalls redis, String[] keys, String[] args) {
        return redis.call(c -> c.evalsha(sha, ScriptOutputType.MULTI, keys, args));
    }
}
