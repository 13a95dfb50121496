package dev.switchboard.jsplatforms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A workerd configuration ({@code config.capnp}, the format of npm {@code workerd}'s workerd.capnp) that runs the
 * Worker on this machine: the Worker as the one module a deployment uploads ({@link WorkerBundle}), the {@code SWITCHBOARD} settings
 * and the {@code JWT_SECRET} as bindings, both Durable Object classes SQLite-backed ({@code enableSql}; workerd
 * offers SQL only with {@code localDisk} storage, not {@code inMemory}) on a disk directory, the chat page directory
 * and the JavaScript client's directory as services (served, not copied; cloudflare/src/worker/web.mjs) and an
 * outbound network that reaches loopback too (a local JWKS).
 *
 * <p>The socket is named {@value #SOCKET}, the storage directory {@value #STORAGE}: {@code workerd serve} can move
 * either ({@code --socket-addr http=127.0.0.1:0 --directory-path do-disk=DIR}), which the tests do.
 *
 * @param workerDir  the Worker's ES modules ({@code cloudflare/src/worker})
 * @param webDir     the chat page's directory, or null for none
 * @param clientsDir the JavaScript client's modules (clients/js/lib), served at /clients/ with the page, or null
 * @param storageDir where the Durable Objects' SQLite files go
 * @param address    {@code host:port} of the HTTP socket
 * @param settings   the {@link WorkerSettings} JSON
 * @param jwtSecret  the HS256 secret, or null for JWKS only
 */
public record WorkerdConfig(Path workerDir, Path webDir, Path clientsDir, Path storageDir, String address,
                            String settings, String jwtSecret) {
    /** The compatibility date of the Worker, here and in the deployment; the pinned workerd supports it. */
    public static final String COMPATIBILITY_DATE = "2026-11-01";
    public static final String SOCKET = "http";
    public static final String STORAGE = "do-disk";
    /** The Durable Object classes the Worker exports, and their bindings. */
    public static final String SHARD_CLASS = "Shard";
    public static final String ROOM_CLASS = "Room";
    public static final String SHARD_BINDING = "SHARD";
    public static final String ROOM_BINDING = "ROOM";
    public static final String SETTINGS_BINDING = "SWITCHBOARD";
    public static final String SECRET_BINDING = "JWT_SECRET";
    /** The main module of src/worker. */
    public static final String MAIN_MODULE = "index.mjs";
    /** The Worker as one module ({@link WorkerBundle}), written beside the configuration. */
    public static final String BUNDLE = "switchboard-worker.mjs";

    /** The Worker's modules: the main module first, then the others by name. */
    public static List<Path> modules(Path workerDir) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(workerDir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".mjs")).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Worker's modules in " + workerDir, e);
        }
        Path main = workerDir.resolve(MAIN_MODULE);
        if (!out.remove(main)) {
            throw new IllegalStateException("no " + MAIN_MODULE + " in " + workerDir);
        }
        out.add(0, main);
        return out;
    }

    /** The configuration text; it embeds {@value #BUNDLE}, which {@link #write} puts beside it. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("# Rendered by dev.switchboard.jsplatforms from the blueprint; do not edit.\n");
        s.append("using Workerd = import \"/workerd/workerd.capnp\";\n\n");
        s.append("const config :Workerd.Config = (\n  services = [\n");
        s.append("    (name = \"switchboard\", worker = .worker),\n");
        s.append("    (name = \"").append(STORAGE).append("\", disk = (path = ").append(str(storageDir.toAbsolutePath()
                .toString())).append(", writable = true)),\n");
        if (webDir != null) {
            s.append("    (name = \"web\", disk = (path = ").append(str(webDir.toAbsolutePath().toString()))
                    .append(")),\n");
        }
        if (clientsDir != null) {
            s.append("    (name = \"clients\", disk = (path = ").append(str(clientsDir.toAbsolutePath().toString()))
                    .append(")),\n");
        }
        s.append("    (name = \"outbound\", network = (allow = [\"public\", \"private\", \"local\"],"
                + " tlsOptions = (trustBrowserCas = true))),\n");
        s.append("  ],\n  sockets = [ (name = \"").append(SOCKET).append("\", address = ").append(str(address))
                .append(", http = (), service = \"switchboard\") ],\n);\n\n");
        s.append("const worker :Workerd.Worker = (\n  modules = [\n");
        s.append("    (name = \"").append(BUNDLE).append("\", esModule = embed \"").append(BUNDLE).append("\"),\n");
        s.append("  ],\n  compatibilityDate = \"").append(COMPATIBILITY_DATE).append("\",\n  bindings = [\n");
        s.append("    (name = \"").append(SETTINGS_BINDING).append("\", json = ").append(str(settings)).append("),\n");
        if (jwtSecret != null) {
            s.append("    (name = \"").append(SECRET_BINDING).append("\", text = ").append(str(jwtSecret))
                    .append("),\n");
        }
        s.append("    (name = \"").append(SHARD_BINDING).append("\", durableObjectNamespace = \"").append(SHARD_CLASS)
                .append("\"),\n");
        s.append("    (name = \"").append(ROOM_BINDING).append("\", durableObjectNamespace = \"").append(ROOM_CLASS)
                .append("\"),\n");
        if (webDir != null) {
            s.append("    (name = \"WEB\", service = \"web\"),\n");
        }
        if (clientsDir != null) {
            s.append("    (name = \"CLIENTS\", service = \"clients\"),\n");
        }
        s.append("  ],\n  durableObjectNamespaces = [\n");
        s.append("    (className = \"").append(SHARD_CLASS).append("\", uniqueKey = \"switchboard-shard\","
                + " enableSql = true),\n");
        s.append("    (className = \"").append(ROOM_CLASS).append("\", uniqueKey = \"switchboard-room\","
                + " enableSql = true),\n");
        s.append("  ],\n  durableObjectStorage = (localDisk = \"").append(STORAGE).append("\"),\n");
        s.append("  globalOutbound = \"outbound\",\n);\n");
        return s.toString();
    }

    /** Writes {@code config.capnp} into {@code configDir} (created) and returns its path. */
    public Path write(Path configDir) {
        try {
            Files.createDirectories(configDir);
            Files.createDirectories(storageDir);
            Files.writeString(configDir.resolve(BUNDLE), WorkerBundle.of(workerDir));
            Path f = configDir.resolve("config.capnp");
            Files.writeString(f, render());
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the workerd configuration to " + configDir, e);
        }
    }

    /** A Cap'n Proto text literal. */
    static String str(String v) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
