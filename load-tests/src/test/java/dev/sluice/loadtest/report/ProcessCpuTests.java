package dev.sluice.loadtest.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTests {

    @Test
    void utimeAndStimeAreReadAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 731 269 0 0 20 0 30 0 5 0 0";
        assertThat(ProcessCpu.parseTicks(stat)).isEqualTo(731 + 269);
    }

    @Test
    void thisProcessHasUsedSomeCpuAndAGonePidCountsZero() {
        long self = ProcessHandle.current().pid();
        assertThat(new ProcessCpu(List.of(self), 100).seconds()).isPositive();
        assertThat(new ProcessCpu(List.of(Long.MAX_VALUE), 100).seconds()).isZero();
    }
}
