package dev.switchboard.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Resident memory and open file descriptors of a process and its descendants (Linux {@code /proc}), leaving out
 * dynalite.
 */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /**
     * Sum of VmRSS in bytes over {@code pid} and its descendants whose command line does not mention dynalite; 0 once
     * the process has ended.
     */
    static long rssBytes(long pid) {
        ProcessHandle root = ProcessHandle.of(pid).orElse(null);
        if (root == null) {
            return 0;
        }
        return Stream.concat(Stream.of(root), root.descendants())
                .filter(p -> !commandLine(p.pid()).contains("dynalite"))
                .mapToLong(p -> vmRss(p.pid()))
                .sum();
    }

    /**
     * Open file descriptors (entries of {@code /proc/PID/fd}) over {@code pid} and its descendants whose command line
     * does not mention dynalite; 0 once the process has ended.
     */
    static long openFileDescriptors(long pid) {
        ProcessHandle root = ProcessHandle.of(pid).orElse(null);
        if (root == null) {
            return 0;
        }
        return Stream.concat(Stream.of(root), root.descendants())
                .filter(p -> !commandLine(p.pid()).contains("dynalite"))
                .mapToLong(p -> {
                    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
                        return fds.count();
                    } catch (IOException | RuntimeException e) {
                        return 0;
                    }
                })
                .sum();
    }

    /** CPU time (user + system, in clock ticks) of {@code pid} and all its descendants, dynalite included. */
    static long cpuTicks(long pid) {
        ProcessHandle root = ProcessHandle.of(pid).orElse(null);
        if (root == null) {
            return 0;
        }
        return Stream.concat(Stream.of(root), root.descendants()).mapToLong(p -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }).sum();
    }

    /**
     * Waits until the process tree uses less than a tenth of a core over a second (the $disconnect storm after a
     * scenario has drained), at most {@code maxSeconds}; returns the seconds waited.
     */
    static int awaitQuiet(long pid, int maxSeconds) throws InterruptedException {
        for (int s = 0; s < maxSeconds; s++) {
            long before = cpuTicks(pid);
            Thread.sleep(1000);
            if (cpuTicks(pid) - before < 10) {
                return s + 1;
            }
        }
        return maxSeconds;
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static long vmRss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended meanwhile
        }
        return 0;
    }
}
