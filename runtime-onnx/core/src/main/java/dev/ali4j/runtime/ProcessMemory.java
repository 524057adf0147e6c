package dev.ali4j.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
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
        return field("self", "VmHWM:");
    }

    /** @return the peak resident set size of process {@code pid} in bytes */
    public static OptionalLong peakRssBytes(long pid) {
        return field(Long.toString(pid), "VmHWM:");
    }

    /** @return the current resident set size of process {@code pid} in bytes */
    public static OptionalLong rssBytes(long pid) {
        return field(Long.toString(pid), "VmRSS:");
    }

    /** Reads a "Name:   1234 kB" line; Paths.get, not Path.of, and no ProcessHandle: Android 8 has neither. */
    private static OptionalLong field(String process, String name) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/" + process + "/status"), StandardCharsets.US_ASCII)) {
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
