package dev.sluice.pipeline.api;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTests {

    @Test
    void percentileIsTheUpperBoundOfTheBucketHoldingTheRank() {
        Long[] counts = new Long[LatencyHistogram.BOUNDS.length + 1];
        Arrays.fill(counts, 0L);
        counts[3] = 90L;   // [50, 100) ms
        counts[6] = 9L;    // [500, 1000) ms
        counts[13] = 1L;   // >= 120000 ms
        assertThat(LatencyHistogram.percentile(counts, 0.50)).isEqualTo(100);
        assertThat(LatencyHistogram.percentile(counts, 0.95)).isEqualTo(1000);
        assertThat(LatencyHistogram.percentile(counts, 0.999)).isEqualTo(120000);
        assertThat(LatencyHistogram.percentile(new Long[] {0L, 0L}, 0.5)).isNull();
    }

    @Test
    void boundsMatchTheSqlFunction() throws IOException {
        String sql = Files.readString(Path.of("src/main/resources/db/migration/V1__usage_events_and_rollups.sql"));
        String javaBounds = Arrays.stream(LatencyHistogram.BOUNDS).mapToObj(Long::toString).collect(Collectors.joining(", "));
        assertThat(sql).contains("ARRAY[" + javaBounds + "]::bigint[]");
    }
}
