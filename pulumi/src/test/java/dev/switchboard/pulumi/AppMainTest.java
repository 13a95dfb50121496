package dev.switchboard.pulumi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link App#main} sizes the common fork-join pool before the Pulumi runtime touches it (pulumi-java #2270). */
class AppMainTest {

    /** Runs {@link App#main} outside the engine, then reports the common pool's parallelism. */
    public static final class Probe {
        public static void main(String[] args) {
            try {
                App.main(args);
            } catch (RuntimeException expected) {
                // no Pulumi engine in a test: Pulumi.run refuses after the property is set
            }
            System.out.println("parallelism=" + ForkJoinPool.getCommonPoolParallelism());
            System.exit(0);
        }
    }

    @Test
    void main_setsTheCommonPoolParallelism_inAJvmStartedWithoutTheFlag() throws Exception {
        // GIVEN a JVM started without -Djava.util.concurrent.ForkJoinPool.common.parallelism (on this 2-core machine
        // the pool would otherwise get parallelism 1)
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Probe.class.getName())).redirectErrorStream(true).start();
        // WHEN App.main runs
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // THEN the pool was created with the program's parallelism
        assertThat(out).contains("parallelism=" + App.PARALLELISM);
    }
}
