package dev.switchboard.azure.function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal stand-in for Web PubSub's REST API, for the handler's tests until the local emulation runs behind them:
 * it records every call the Java server SDK makes and answers with the statuses the service documents
 * (MicrosoftDocs/azure-docs articles/azure-web-pubsub/reference-rest-api-data-plane.md: sends 202, adding to a group
 * 200, removing from one 204, existence 200 or 404). It checks nothing else (not the SDK's bearer token): the emulation's own tests do.
 */
final class RecordingWebPubSub implements AutoCloseable {
    static final String KEY = "recording-web-pubsub-access-key-0123456789abcdef";

    /** One REST call: method, path (decoded), query (raw) and body. */
    record Call(String method, String path, String query, String body) {
        boolean is(String m, String pathSuffix) {
            return method.equals(m) && path.endsWith(pathSuffix);
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Connection ids whose existence check answers 200 (all others 404). */
    final Set<String> live = ConcurrentHashMap.newKeySet();

    RecordingWebPubSub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    String connectionString() {
        return "Endpoint=http://127.0.0.1:" + server.getAddress().getPort() + ";AccessKey=" + KEY + ";Version=1.0;";
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    void clear() {
        calls.clear();
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
        String query = ex.getRequestURI().getRawQuery();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(new Call(ex.getRequestMethod(), path, query == null ? "" : query, body));
        int status;
        if (path.endsWith(":send")) {
            status = 202;
        } else if (ex.getRequestMethod().equals("HEAD") && path.contains("/connections/")) {
            status = live.contains(path.substring(path.lastIndexOf('/') + 1)) ? 200 : 404;
        } else if (path.contains("/groups/")) {
            status = ex.getRequestMethod().equals("DELETE") ? 204 : 200;
        } else {
            status = 404;
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
