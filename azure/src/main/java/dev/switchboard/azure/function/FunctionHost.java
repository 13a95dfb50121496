package dev.switchboard.azure.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A local stand-in for the Functions host: serves {@link SwitchboardEvents} at {@code /api/events} on 127.0.0.1 and
 * calls it, as the Java worker does, through the Functions library's request and response interfaces
 * ({@link FunctionRequest}), so what runs locally is the class that is deployed. Only what the event handler needs:
 * {@code OPTIONS} and {@code POST}, headers, a binary body; other paths answer 404.
 *
 * <p>Defaults: port 0 picks a free port; requests are served on a cached pool of daemon threads (the service sends
 * blocking events concurrently).
 */
public final class FunctionHost implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<EventHandler> handler;
    private final Logger log;
    private volatile SwitchboardEvents function;

    private FunctionHost(HttpServer server, ExecutorService executor, Supplier<EventHandler> handler, Logger log) {
        this.server = server;
        this.executor = executor;
        this.handler = handler;
        this.log = log;
    }

    /** Serves the function on {@code port} (0: any free one) with {@code handler} behind it. */
    public static FunctionHost start(int port, EventHandler handler, Logger log) {
        return start(port, () -> handler, log);
    }

    /**
     * Serves the function on {@code port} (0: any free one); the handler is asked for on the first request, once (the
     * service's connection string, which the handler needs, may name a port only known after this host's URL was
     * given to the service).
     */
    public static FunctionHost start(int port, Supplier<EventHandler> handler, Logger log) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for the function host", e);
        }
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "function-host");
            t.setDaemon(true);
            return t;
        });
        FunctionHost host = new FunctionHost(server, executor, handler, log);
        server.createContext("/", host::serve);
        server.setExecutor(executor);
        server.start();
        return host;
    }

    /** The event handler URL to configure on the hub, {@code http://127.0.0.1:<port>/api/events}. */
    public String eventsUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/" + SwitchboardEvents.NAME;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            if (!ex.getRequestURI().getPath().equals("/api/" + SwitchboardEvents.NAME)
                    || !(method.equals("POST") || method.equals("OPTIONS"))) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            FunctionRequest request = new FunctionRequest(HttpMethod.valueOf(method), headers,
                    ex.getRequestBody().readAllBytes());
            FunctionRequest.Response r = (FunctionRequest.Response) function().run(request, new Context(log));
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] body = r.bytes();
            ex.sendResponseHeaders(r.getStatusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
        }
    }

    private SwitchboardEvents function() {
        SwitchboardEvents f = function;
        if (f == null) {
            synchronized (this) {
                f = function;
                if (f == null) {
                    f = new SwitchboardEvents(handler.get());
                    function = f;
                }
            }
        }
        return f;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Context(Logger logger) implements ExecutionContext {
        @Override
        public Logger getLogger() {
            return logger;
        }

        @Override
        public String getInvocationId() {
            return java.util.UUID.randomUUID().toString();
        }

        @Override
        public String getFunctionName() {
            return SwitchboardEvents.NAME;
        }
    }
}
