package dev.switchboard.vercel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing of a local run outlives the JVM that started it, however it ends: this test runs
 * {@code ./switchboard local --platform vercel}'s entry point in a second JVM, kills that JVM with SIGKILL (no
 * shutdown hook runs) and waits for its redis-server and Node processes to end.
 */
class LocalVercelParentDeathTest {
    @Test
    void redisServerAndInstances_endWhenTheirParentJvmIsKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // the JVM's output goes to a file, not a pipe: once the JVM is dead the JDK closes a pipe's read end, and an
        // orphan that then logs would die of EPIPE, hiding a broken lifeline
        Path log = Files.createTempFile("local-vercel", ".log");
        Process jvm = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dswitchboard.root=" + LocalMain.root(), LocalMain.class.getName(), "--platform", "vercel",
                "--port", "0")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> children = List.of();
        try {
            long started = System.nanoTime();
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("platform: vercel")
                    && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60) && jvm.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).as("the banner").contains("platform: vercel");
            children = jvm.descendants().toList();
            List<String> commands = children.stream().map(p -> p.info().commandLine().orElse("")).toList();
            assertThat(commands).as("the run's processes").anyMatch(c -> c.contains("redis-server"))
                    .anyMatch(c -> c.contains("instance.mjs"));

            System.out.println("CHILDREN " + commands);
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(children.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " "
                    + p.info().commandLine().orElse("?")).toList()).as("processes left after the JVM died").isEmpty();
        } finally {
            jvm.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            Files.deleteIfExists(log);
        }
    }
}
