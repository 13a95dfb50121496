package dev.switchboard.probe.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass-through in front of the local management API that drops the second post of each {@code message} frame
 * (matched by its {@code id}) and answers it 200, as a lost delivery looks to the sender. Everything else is
 * forwarded unchanged, status, {@code x-amzn-ErrorType} and body included. One per gateway with that fault; it
 * serves on daemon threads until the JVM ends.
 */
final class DropProxy {
    private static final Pattern MESSAGE_ID = Pattern.compile("\"type\":\"message\".*?\"id\":\"([^\"]+)\"");
    private DropProxy() {
    }

    /** Starts a proxy for {@code callbackUrl} (http://127.0.0.1:PORT/STAGE); its own callback URL. */
    static String start(String callbackUrl) {
        try {
            URI real = URI.create(callbackUrl);
            HttpClient http = HttpClient.newHttpClient();
            Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "drop-proxy");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/", ex -> forward(ex, real, http, posts));
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort() + real.getPath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the drop proxy", e);
        }
    }

    private static void forward(HttpExchange ex, URI real, HttpClient http, Map<String, AtomicInteger> posts)
            throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Matcher m = MESSAGE_ID.matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        if ("POST".equals(ex.getRequestMethod()) && m.find()
                && posts.computeIfAbsent(m.group(1), k -> new AtomicInteger()).incrementAndGet() == 2) {
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        URI target = URI.create(real.getScheme() + "://" + real.getRawAuthority() + ex.getRequestURI().getRawPath());
        HttpRequest.Builder req = HttpRequest.newBuilder(target)
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().firstValue("x-amzn-ErrorType").ifPresent(v -> ex.getResponseHeaders().add("x-amzn-ErrorType", v));
            r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(502, -1);
        } finally {
            ex.close();
        }
    }
}
