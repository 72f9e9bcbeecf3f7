package dev.sluice.loadtest;

import dev.sluice.loadtest.ratelimit.Burst;
import dev.sluice.loadtest.report.ProcessCpu;
import dev.sluice.loadtest.report.Report;
import dev.sluice.loadtest.stream.ClosedLoad;
import dev.sluice.loadtest.stream.HeldStreams;
import dev.sluice.loadtest.stream.Target;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's load generator (scripts/bench/run.sh drives it). Prints one JSON line per run.
 *
 * <pre>
 * closed  --url U --path P --body JSON [--auth A] --connections N --seconds S [--stream true] [--warmup-seconds W] [--cpu-pids P,Q]
 * held    --url U --path P --body JSON [--auth A] --streams N --ramp-seconds R --gap-ms G [--probe URL] [--probe-ms 20]
 * burst   --url U --path P --body JSON [--auth A] --count N --concurrency C
 * </pre>
 * Every option may also be written {@code --name=value}. {@code --label} is copied into the output.
 */
public final class LoadMain {

    private LoadMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: LoadMain closed|held|burst --url http://127.0.0.1:PORT --path /v1/... --body JSON ...");
            System.exit(2);
        }
        Map<String, String> options = options(args);
        Target target = Target.of(required(options, "url"), options.getOrDefault("path", "/v1/chat/completions"),
                required(options, "body"), options.get("auth"));
        Map<String, Object> result = switch (args[0]) {
            case "closed" -> new ClosedLoad(target, intOption(options, "connections", 16),
                    Duration.ofSeconds(intOption(options, "seconds", 10)),
                    Boolean.parseBoolean(options.getOrDefault("stream", "false")),
                    Duration.ofSeconds(intOption(options, "warmup-seconds", 0)), cpu(options)).run();
            case "held" -> new HeldStreams(target, intOption(options, "streams", 10_000),
                    Duration.ofSeconds(intOption(options, "ramp-seconds", 10)),
                    Duration.ofMillis(intOption(options, "gap-ms", 1000)), options.get("probe"),
                    Duration.ofMillis(intOption(options, "probe-ms", 20))).run();
            case "burst" -> new Burst(target, intOption(options, "count", 1000),
                    intOption(options, "concurrency", 16)).run();
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        };
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("label", options.getOrDefault("label", args[0]));
        line.put("mode", args[0]);
        line.putAll(result);
        Report.print(line);
        System.exit(0);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                out.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                out.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("missing value of " + arg);
            }
        }
        return out;
    }

    /** {@code --cpu-pids 1,2,3 [--clk-tck 100]}: the server processes whose CPU the window is charged. */
    private static ProcessCpu cpu(Map<String, String> options) {
        String pids = options.getOrDefault("cpu-pids", "").trim();
        List<Long> list = pids.isEmpty() ? List.of()
                : Arrays.stream(pids.split("[, ]+")).map(Long::parseLong).toList();
        return new ProcessCpu(list, intOption(options, "clk-tck", 100));
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }
}
