package dev.ali4j.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's resident memory as Linux reports it in {@code /proc/PID/status}: the current
 * ({@code VmRSS}) and the peak ({@code VmHWM}) resident set size. Empty where that file cannot be
 * read (not Linux, or the process is gone).
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** @return this process's peak resident set size in bytes */
    public static OptionalLong peakRssBytes() {
        return peakRssBytes(ProcessHandle.current().pid());
    }

    /** @return the peak resident set size of process {@code pid} in bytes */
    public static OptionalLong peakRssBytes(long pid) {
        return field(pid, "VmHWM:");
    }

    /** @return the current resident set size of process {@code pid} in bytes */
    public static OptionalLong rssBytes(long pid) {
        return field(pid, "VmRSS:");
    }

    /** Reads a "Name:   1234 kB" line. */
    private static OptionalLong field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
