package dev.switchboard.faults;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the lines written to {@link System#out} that contain a marker, passing every byte on: how a fault run counts
 * the local API's {@code Task timed out after N.00 seconds} lines, the line Lambda logs for an invocation that
 * outlived its function's timeout.
 */
final class StdoutLines implements AutoCloseable {
    private final PrintStream original = System.out;
    private final AtomicLong count = new AtomicLong();

    StdoutLines(String marker) {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        System.setOut(new PrintStream(new OutputStream() {
            private int matched;

            @Override
            public synchronized void write(int b) {
                original.write(b);
                if (b == needle[matched]) {
                    if (++matched == needle.length) {
                        count.incrementAndGet();
                        matched = 0;
                    }
                } else {
                    matched = b == needle[0] ? 1 : 0;
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true, StandardCharsets.UTF_8));
    }

    long count() {
        return count.get();
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(original);
    }
}
