package dev.switchboard.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The chat page and what it loads: {@code /} ({@code web/index.html}), {@code /chat.js}, {@code /chat.css} and the
 * JavaScript client's modules at {@code /clients/NAME.js} (clients/js/lib, copied into the jar by the build). Every
 * answer carries {@link #HEADERS}: a Content-Security-Policy that runs only scripts and styles from this origin (no
 * inline code), connects only to it and forbids framing ({@code frame-ancestors 'none'}, and {@code X-Frame-Options}
 * for browsers without CSP 2). The Worker serves the same files with the same headers (cloudflare/src/worker/web.mjs).
 */
final class WebAssets {
    /** The security headers of every page asset; web.mjs sends the same. */
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:;"
                    + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");
    private static final Map<String, String> PAGE = Map.of("/", "index.html", "/index.html", "index.html",
            "/chat.js", "chat.js", "/chat.css", "chat.css");
    private static final Pattern CLIENT_MODULE = Pattern.compile("/clients/([a-z][a-z-]{0,40})\\.js");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** The resource under {@code web/} that {@code path} names, or null when it names none. */
    static String resourceOf(String path) {
        String page = PAGE.get(path);
        if (page != null) {
            return page;
        }
        var m = CLIENT_MODULE.matcher(path);
        return m.matches() ? "clients/" + m.group(1) + ".js" : null;
    }

    /** Answers {@code GET path}; false when no asset has that path (the caller answers 404). */
    boolean serve(String path, Response response, Callback callback) {
        String name = resourceOf(path);
        byte[] body = name == null ? null : cache.computeIfAbsent(name, WebAssets::load).orElse(null);
        if (body == null) {
            return false;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        HEADERS.forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static Optional<byte[]> load(String name) {
        try (InputStream in = WebAssets.class.getResourceAsStream("web/" + name)) {
            return Optional.ofNullable(in == null ? null : in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
