package dev.switchboard.local;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Standard out for the running local API: the handlers' structured log and metric lines (two per invocation) go
 * into a 64 KB buffer that a daemon thread writes out every {@link #FLUSH_MILLIS} ms (and at exit), instead of one
 * write to the terminal or pipe per line under {@code System.out}'s lock, which the handler threads queued on.
 * Lines keep their order; a line is at most {@link #FLUSH_MILLIS} ms late.
 */
final class BufferedStdout {
    static final long FLUSH_MILLIS = 100;

    private BufferedStdout() {
    }

    /** Replaces {@code System.out}; returns the stream (already installed). */
    static PrintStream install() {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        System.setOut(out);
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-stdout");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(out::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(out::flush, "switchboard-stdout-flush"));
        return out;
    }
}
