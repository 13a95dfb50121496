package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A thread that dies of an exception leaves its cause: {@link ExitLog}'s handler (installed by {@code Main} for every
 * thread of the gateway) logs the stack trace on stderr and keeps the exception for the exit log.
 */
class ExitLogTest {
    @Test
    void uncaughtException_isLoggedWithItsStack_andKept() throws Exception {
        ExitLog.install();
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            IllegalStateException boom = new IllegalStateException("broadcast pool died on purpose");
            Thread t = new Thread(() -> {
                throw boom;
            }, "switchboard-test-dies");
            t.start();
            t.join();
            assertThat(ExitLog.lastUncaught()).isSameAs(boom);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("uncaught exception in thread switchboard-test-dies")
                .contains("IllegalStateException: broadcast pool died on purpose")
                .contains("at dev.switchboard.local.ExitLogTest");
    }
}
