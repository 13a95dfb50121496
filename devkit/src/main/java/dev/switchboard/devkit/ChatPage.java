package dev.switchboard.devkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The local chat page and what it loads, for every JVM runner that serves it (the local AWS API, the Azure runner):
 * {@code /} ({@code web/index.html}), {@code /chat.js}, {@code /chat.css} and the JavaScript client's modules at
 * {@code /clients/NAME.js} (clients/js/lib, copied into this jar by the build), looked up among this package's
 * resources. Each runner writes an {@link Asset} with its own HTTP server; every answer carries {@link #HEADERS}: a
 * Content-Security-Policy that runs only scripts and styles from this origin (no inline code), connects only to it and
 * forbids framing ({@code frame-ancestors 'none'}, and {@code X-Frame-Options} for browsers without CSP 2), plus
 * {@code Cache-Control: no-store}. The Worker and the local Vercel server send the same headers
 * (cloudflare/src/worker/web.mjs). Thread-safe; each file is read once.
 */
public final class ChatPage {
    /** The security headers of every page asset; web.mjs sends the same. */
    public static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:;"
                    + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");
    private static final Map<String, String> PAGE = Map.of("/", "index.html", "/index.html", "index.html",
            "/chat.js", "chat.js", "/chat.css", "chat.css");
    private static final Pattern CLIENT_MODULE = Pattern.compile("/clients/([a-z][a-z-]{0,40})\\.js");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    /** One file of the page: its {@code Content-Type} and bytes; send it with {@link #HEADERS}. */
    public record Asset(String contentType, byte[] body) {
    }

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** The resource under {@code web/} that the request path {@code path} names, or null when it names none. */
    public static String resourceOf(String path) {
        String page = PAGE.get(path);
        if (page != null) {
            return page;
        }
        var m = CLIENT_MODULE.matcher(path);
        return m.matches() ? "clients/" + m.group(1) + ".js" : null;
    }

    /** The asset a {@code GET path} answers with; empty when no asset has that path (the caller answers 404). */
    public Optional<Asset> asset(String path) {
        String name = resourceOf(path);
        if (name == null) {
            return Optional.empty();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        return cache.computeIfAbsent(name, ChatPage::load).map(body -> new Asset(type, body));
    }

    private static Optional<byte[]> load(String name) {
        try (InputStream in = ChatPage.class.getResourceAsStream("web/" + name)) {
            return Optional.ofNullable(in == null ? null : in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
