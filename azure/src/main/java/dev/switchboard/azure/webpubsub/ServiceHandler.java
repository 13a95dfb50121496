package dev.switchboard.azure.webpubsub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * Every HTTP request of the emulation, by path: the client endpoint {@code /client/hubs/{hub}}
 * ({@link ClientHandshake}), the REST API under {@code /api/} ({@link RestApi}); anything else is a 404 naming the
 * two. The runner's extra routes ({@link LocalWebPubSub.Options#routes}), when there are any, see every request first.
 */
final class ServiceHandler extends Handler.Abstract {
    private final ClientHandshake handshake;
    private final RestApi rest;
    private final Consumer<String> log;
    private final Handler routes;

    ServiceHandler(LocalWebPubSub service, ServerWebSocketContainer ws, Handler routes) {
        super(InvocationType.BLOCKING);
        this.routes = routes;
        if (routes != null) {
            addBean(routes);
        }
        this.handshake = new ClientHandshake(service, ws);
        this.rest = new RestApi(service);
        this.log = service.log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (routes != null && routes.handle(request, response, callback)) {
            return true;
        }
        String path = request.getHttpURI().getPath();
        if (path.startsWith("/client/hubs/")) {
            try {
                handshake.handle(request, response, callback, path.substring("/client/hubs/".length()));
            } catch (BadMessageException e) {
                error(response, callback, 400, "BadRequest", "the request is malformed: " + e.getReason());
            } catch (RuntimeException e) {
                log.accept("client handshake " + path + " failed: " + e);
                if (!response.isCommitted()) {
                    error(response, callback, 500, "InternalServerError", "the emulation failed on this handshake"
                            + " (see its log)");
                } else {
                    callback.failed(e);
                }
            }
        } else if (path.startsWith("/api/")) {
            rest.handle(request, response, callback);
        } else {
            error(response, callback, 404, "NotFound", "no such route: " + request.getMethod() + " " + path
                    + " (the service answers /client/hubs/{hub} and the REST API under /api/hubs/{hub})");
        }
        return true;
    }

    /** The query parameters; a query that is not valid percent-encoded UTF-8 is a bad request. */
    static Fields query(Request request) {
        try {
            return Request.extractQueryParameters(request);
        } catch (RuntimeException e) {
            throw new BadMessageException(400, "the query string is not valid percent-encoded UTF-8", e);
        }
    }

    /** An error answer in the service's shape: {@code {"code": ..., "message": ...}}. */
    static void error(Response response, Callback callback, int status, String code, String message) {
        String body = Payload.object().put("code", code).put("message", message).toString();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    static void status(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.write(true, null, callback);
    }
}
