package dev.switchboard.bench.memsize;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cgroup v1 {@code cpu} group that holds one child process to a CPU allotment with the CFS bandwidth controller:
 * at most {@code cpu.cfs_quota_us} of CPU time per {@code cpu.cfs_period_us}, summed over the group's threads
 * (https://docs.kernel.org/scheduler/sched-bwc.html). Lambda gives a function CPU in proportion to its memory, one
 * vCPU at 1,769 MB (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory-computing.html), so a function
 * of {@code m} MB gets a quota of {@code period × m / 1769}, at most the machine's cores.
 *
 * <p>The group is named {@code switchboard-memsize-<pid of this JVM>-<n>} under {@link #ROOT} (a system property
 * {@code switchboard.cgroupCpu} names another mount). A child joins it from its first instruction: {@link #wrap} runs
 * the command through {@code sh}, which writes its own pid into {@code cgroup.procs} and then {@code exec}s the
 * command. {@link #close} removes the group (the kernel refuses while a process is in it, so the child must have
 * ended); groups left by a benchmark JVM that no longer runs are removed by {@link #removeStale}.
 */
final class CpuCgroup implements AutoCloseable {
    /** Where the cgroup v1 cpu controller is mounted. */
    static final Path ROOT = Path.of(System.getProperty("switchboard.cgroupCpu", "/sys/fs/cgroup/cpu"));
    /** Memory that Lambda gives one whole vCPU. */
    static final int MB_PER_VCPU = 1769;
    private static final String PREFIX = "switchboard-memsize-";
    private static int created;

    private final Path dir;
    private final long quotaUs;

    private CpuCgroup(Path dir, long quotaUs) {
        this.dir = dir;
        this.quotaUs = quotaUs;
    }

    /**
     * Throws, saying what it needs, unless this process can create groups under the cpu controller with a CFS quota.
     */
    static void requireWritable() {
        requireWritable(ROOT);
    }

    static void requireWritable(Path root) {
        Path quota = root.resolve("cpu.cfs_quota_us");
        if (!Files.isRegularFile(quota) || !Files.isWritable(root)) {
            throw new IllegalStateException("the memory-size benchmark needs a writable cgroup v1 cpu controller with"
                    + " CFS bandwidth control: " + root + " must exist, hold cpu.cfs_quota_us and be writable by this"
                    + " user (run as root, or mount it: mount -t cgroup -o cpu cgroup " + root + "; another mount"
                    + " point: -Dswitchboard.cgroupCpu=DIR). Found: "
                    + (Files.isDirectory(root) ? (Files.isRegularFile(quota) ? "not writable" : "no cpu.cfs_quota_us")
                    : "no such directory"));
        }
    }

    /** The quota of a function of {@code memoryMb} in a period of {@code periodUs}, at most {@code cores} periods. */
    static long quotaUs(int memoryMb, long periodUs, int cores) {
        return Math.min((long) cores * periodUs, Math.max(1000, Math.round((double) periodUs * memoryMb / MB_PER_VCPU)));
    }

    /** A new group with the quota of a function of {@code memoryMb} on this machine's cores. */
    static synchronized CpuCgroup create(int memoryMb, long periodUs) throws IOException {
        long quota = quotaUs(memoryMb, periodUs, Runtime.getRuntime().availableProcessors());
        Path dir = ROOT.resolve(PREFIX + ProcessHandle.current().pid() + "-" + (++created));
        Files.createDirectory(dir);
        CpuCgroup group = new CpuCgroup(dir, quota);
        try {
            Files.writeString(dir.resolve("cpu.cfs_period_us"), Long.toString(periodUs));
            Files.writeString(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
            return group;
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** {@code command} run inside this group from its start. */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                dir.resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** CPU time per period this group may use, in µs. */
    long quotaUs() {
        return quotaUs;
    }

    /** Times the group used its whole quota and waited for the next period ({@code cpu.stat nr_throttled}). */
    long throttledPeriods() throws IOException {
        return Files.readAllLines(dir.resolve("cpu.stat")).stream().filter(l -> l.startsWith("nr_throttled "))
                .mapToLong(l -> Long.parseLong(l.substring("nr_throttled ".length()).trim())).findFirst().orElse(0);
    }

    Path dir() {
        return dir;
    }

    /** Removes groups of this benchmark whose JVM has ended (after a SIGKILL, which no cleanup survives). */
    static void removeStale() throws IOException {
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(ROOT, PREFIX + "*")) {
            for (Path g : groups) {
                String[] parts = g.getFileName().toString().substring(PREFIX.length()).split("-");
                boolean alive = ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    Files.deleteIfExists(g);
                }
            }
        }
    }

    /**
     * Removes the group; its processes must have ended. A process that has just exited may still hold it for a moment
     * (the kernel answers EBUSY), so this tries for up to 2 s.
     */
    @Override
    public void close() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException busy) {
                if (attempt >= 40) {
                    throw new IOException("cannot remove " + dir + " (a process still in it?): " + busy.getMessage());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }
}
