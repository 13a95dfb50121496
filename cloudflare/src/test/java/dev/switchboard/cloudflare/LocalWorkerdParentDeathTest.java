package dev.switchboard.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.jsplatforms.Repo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * workerd must not outlive the JVM that started it: a test JVM killed by a timeout (SIGKILL: no shutdown hook runs)
 * used to leave its workerd running, holding its port and storage. This test starts a second JVM
 * ({@link WorkerdOrphanProbe}) that starts the Worker, kills that JVM with SIGKILL, and waits for its workerd to end.
 */
class LocalWorkerdParentDeathTest {
    @Test
    void workerd_endsWhenItsParentJvmIsKilled() throws Exception {
        // GIVEN a JVM running the Worker in workerd
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dswitchboard.root=" + Repo.locate().root(),
                "-Dswitchboard.node=" + System.getProperty("switchboard.node", "node"),
                WorkerdOrphanProbe.class.getName())).redirectErrorStream(true).start();
        ProcessHandle workerd = null;
        Path work = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String l; (l = out.readLine()) != null; ) {
                        if (l.startsWith("WORKERD ")) {
                            return l;
                        }
                        seen.append(l).append('\n');
                    }
                    return null;
                } catch (java.io.IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(line).as("the probe JVM's report; its output:%n%s", seen).isNotNull();
            String[] parts = line.split(" ", 3);
            Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(parts[1]));
            work = Path.of(parts[2]);
            assertThat(h).isPresent();
            workerd = h.get();
            assertThat(workerd.isAlive()).isTrue();
            // WHEN the JVM dies without a chance to clean up
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            // THEN its workerd ends too, within a few seconds
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (workerd.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(workerd.isAlive()).as("workerd %d after its parent JVM was killed", workerd.pid()).isFalse();
        } finally {
            jvm.destroyForcibly();
            if (workerd != null && workerd.isAlive()) {
                workerd.destroyForcibly();
            }
            if (work != null) {
                LocalWorkerd.deleteTree(work);
            }
        }
    }
}
