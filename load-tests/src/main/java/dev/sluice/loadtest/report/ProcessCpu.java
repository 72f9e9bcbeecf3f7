package dev.sluice.loadtest.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * User + system CPU time of a set of processes, read from {@code /proc/<pid>/stat} (Linux), so a scenario can charge
 * the server exactly for its measured window.
 */
public final class ProcessCpu {

    private final List<Long> pids;
    private final double ticksPerSecond;

    public ProcessCpu(List<Long> pids, double ticksPerSecond) {
        this.pids = List.copyOf(pids);
        this.ticksPerSecond = ticksPerSecond;
    }

    /** CPU seconds used so far by all the processes; a process that is gone counts 0. */
    public double seconds() {
        long ticks = 0;
        for (long pid : pids) {
            ticks += ticks(pid);
        }
        return ticks / ticksPerSecond;
    }

    private static long ticks(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        String line;
        try {
            line = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parseTicks(line);
    }

    /** utime + stime: fields 14 and 15, counted after the command name, which may hold spaces and parentheses. */
    static long parseTicks(String statLine) {
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    public boolean isEmpty() {
        return pids.isEmpty();
    }
}
