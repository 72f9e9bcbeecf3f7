package dev.sluice.loadtest.report;

import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/** Writes a scenario's result as one JSON line on stdout, which the benchmark script appends to its results. */
public final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Report() {
    }

    public static void print(Map<String, Object> result) {
        System.out.println(JSON.writeValueAsString(result));
        System.out.flush();
    }
}
