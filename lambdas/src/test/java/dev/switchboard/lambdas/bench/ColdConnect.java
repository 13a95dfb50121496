package dev.switchboard.lambdas.bench;

import dev.switchboard.lambdas.ConnectHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Cold-init probe, run by {@code lambdas/cold-init.sh} in a fresh JVM with the shaded jar: builds a
 * {@link ConnectHandler} the way Lambda does (no-argument constructor, settings from the process environment) and
 * handles two CONNECT events against dynalite. Prints one line: JVM start to the first handled $connect, the
 * constructor's time, and the first and second invocation's times (their difference is what priming could save).
 */
public final class ColdConnect {
    private ColdConnect() {
    }

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        ConnectHandler handler = new ConnectHandler();
        long t1 = System.nanoTime();
        String first = invoke(handler, "C" + ProcessHandle.current().pid() + "a=");
        long t2 = System.nanoTime();
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        String second = invoke(handler, "C" + ProcessHandle.current().pid() + "b=");
        long t3 = System.nanoTime();
        if (!first.contains("\"statusCode\":200") || !second.contains("\"statusCode\":200")) {
            throw new IllegalStateException("connect failed: " + first + " " + second);
        }
        System.err.printf("jvmStartToFirstConnectMs=%d constructorMs=%.1f firstInvokeMs=%.1f secondInvokeMs=%.1f%n",
                sinceJvmStart, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }

    private static String invoke(ConnectHandler handler, String connectionId) throws IOException {
        String event;
        try (InputStream in = ColdConnect.class.getResourceAsStream("/events/connect.json")) {
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("HEMM0fIjIAMCFvA=", connectionId);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }
}
