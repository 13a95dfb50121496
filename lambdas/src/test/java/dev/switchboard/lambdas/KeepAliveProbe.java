package dev.switchboard.lambdas;

import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.store.Member;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the TCP connections a fan-out opens: a raw-socket HTTP/1.1 server that plays {@code @connections} (200,
 * keep-alive, 2 ms per post) and counts accepted connections, and the handlers' own broadcaster, built the way a
 * function builds it ({@link HandlerContext#fromEnv}), posting to {@code posts} recipients with {@code concurrency}
 * posts in flight. Prints {@code connections=<n> posts=<n> delivered=<n>}. Runs in a JVM of its own
 * ({@link FanOutConnectionsTest}): the JDK reads {@code http.maxConnections} once per JVM.
 */
public final class KeepAliveProbe {
    private KeepAliveProbe() {
    }

    public static void main(String[] args) throws Exception {
        int posts = Integer.parseInt(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        accepted.incrementAndGet();
                        Thread t = new Thread(() -> serve(s));
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String callback = "http://127.0.0.1:" + server.getLocalPort() + "/dev";
            HandlerContext ctx = HandlerContext.fromEnv(Map.of(EnvVars.TABLE_NAME, "unused",
                    EnvVars.DYNAMODB_ENDPOINT, "http://127.0.0.1:1", EnvVars.CALLBACK_URL, callback,
                    EnvVars.REGION, "us-east-1", EnvVars.BROADCAST_CONCURRENCY, Integer.toString(concurrency)));
            List<Member> recipients = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                recipients.add(new Member(String.format("P%014d=", i), "u" + i, "us-east-1", callback));
            }
            Broadcaster.Result r = ctx.broadcaster().fanOut(recipients, "{\"type\":\"message\"}".getBytes(
                    StandardCharsets.UTF_8), "sender", null);
            System.out.println("connections=" + accepted.get() + " posts=" + posts + " delivered=" + r.delivered());
        }
    }

    private static void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                int length = -1;
                String line;
                boolean any = false;
                while ((line = readLine(in)) != null && !line.isEmpty()) {
                    any = true;
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Integer.parseInt(lower.substring(15).trim());
                    }
                }
                if (!any) {
                    return;
                }
                in.readNBytes(Math.max(0, length));
                Thread.sleep(2);
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Type: application/json\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client closed the connection
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }
}
