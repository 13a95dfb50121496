package dev.switchboard.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watchdog a server child runs under; that it outlives no killed JVM is LocalWorkerdParentDeathTest's. */
class WatchdogTest {

    @Test
    void stop_endsTheWatchedServerThroughItsLifeline_beforeTheForcedKill() throws Exception {
        // GIVEN a long sleep under the watchdog
        Process p = new ProcessBuilder(Watchdog.command("sleep", List.of("60"))).start();
        ProcessHandle server = awaitChild(p);
        // WHEN it is stopped
        long started = System.nanoTime();
        Watchdog.stop(p);
        // THEN the watchdog ended the server when its stdin closed, well before stop's 10 s fallback would kill it
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(server.onExit().get(1, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(p.exitValue()).isEqualTo(128); // the server ended by a signal
    }

    @Test
    void command_endsWithTheServersExitCode_andAwaitListeningNamesWhatExited() throws Exception {
        // GIVEN a server that exits with 7 at once
        Process p = new ProcessBuilder(Watchdog.command("sh", List.of("-c", "exit 7"))).start();
        // WHEN / THEN the watchdog mirrors the code, and waiting for a listener fails naming the server
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(7);
        assertThatThrownBy(() -> Watchdog.awaitListening(p, Watchdog.freePort(), "the server", Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessage("the server exited with 7 (see its output)");
    }

    private static ProcessHandle awaitChild(Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var child = p.children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the watchdog started no server");
    }
}
