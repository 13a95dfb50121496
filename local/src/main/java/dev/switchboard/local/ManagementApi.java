package dev.switchboard.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

/**
 * The management API on {@code /STAGE/@connections/{id}}: PostToConnection, GetConnection and DeleteConnection as
 * the AWS SDKs call them (status codes and error types of the service model; see local/README.md). Only loopback Host
 * headers are served ({@link dev.switchboard.devkit.LoopbackGuard#hostAllowed}); anything else answers 403 ForbiddenException, and so does a request from
 * a web page of another origin ({@link GatewayHandler} refuses it before it gets here).
 */
final class ManagementApi {
    private final LocalGateway g;

    ManagementApi(LocalGateway gateway) {
        this.g = gateway;
    }

    void handle(Request request, Response response, Callback callback, String id) {
        response.getHeaders().put("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        if (!dev.switchboard.devkit.LoopbackGuard.hostAllowed(request.getHeaders().get(HttpHeader.HOST), g.port())) {
            if (request.getMethod().equals("POST")) {
                Content.Source.consumeAll(request, Callback.NOOP);
            }
            response.getHeaders().put("x-amzn-ErrorType", "ForbiddenException");
            GatewayHandler.json(response, callback, 403, "{\"message\":\"Forbidden: the local management API answers"
                    + " only Host 127.0.0.1, localhost or [::1] with port " + g.port() + "\"}");
            return;
        }
        if (!Ids.wellFormed(id)) {
            response.getHeaders().put("x-amzn-ErrorType", "BadRequestException");
            GatewayHandler.json(response, callback, 400, "{\"message\":\"Invalid connectionId: " + id.replaceAll("[^A-Za-z0-9_=-]", "?")
                    + "\"}");
            return;
        }
        Connection c = g.connections.get(id);
        String method = request.getMethod();
        if (c == null || c.state() != Connection.State.OPEN) {
            if (method.equals("POST")) {
                Content.Source.consumeAll(request, Callback.NOOP);
            }
            gone(response, callback);
            return;
        }
        switch (method) {
            case "POST" -> Content.Source.asByteArrayAsync(request, LocalGateway.MESSAGE_MAX,
                    Promise.Invocable.from(Handler.InvocationType.NON_BLOCKING, (byte[] data, Throwable err) -> {
                if (err != null) {
                    response.getHeaders().put("x-amzn-ErrorType", "PayloadTooLargeException");
                    GatewayHandler.json(response, callback, 413, "{\"message\":\"Request entity too large: the data is limited to "
                            + LocalGateway.MESSAGE_MAX + " bytes\"}");
                } else {
                    post(c, new String(data, StandardCharsets.UTF_8), response, callback);
                }
            }));
            case "GET" -> {
                ObjectNode body = LocalGateway.object();
                body.put("connectedAt", iso(c.connectedAt));
                ObjectNode identity = body.putObject("identity");
                identity.put("sourceIp", c.sourceIp);
                if (c.userAgent != null) {
                    identity.put("userAgent", c.userAgent);
                } else {
                    identity.putNull("userAgent");
                }
                body.put("lastActiveAt", iso(c.lastActiveAt()));
                GatewayHandler.json(response, callback, 200, body.toString());
            }
            case "DELETE" -> {
                c.serverClose(1000, "Connection Closed Normally");
                response.setStatus(204);
                callback.succeeded();
            }
            default -> {
                response.getHeaders().put("x-amzn-ErrorType", "ForbiddenException");
                GatewayHandler.json(response, callback, 403, "{\"message\":\"Missing Authentication Token\"}");
            }
        }
    }

    /**
     * PostToConnection: 200 once every frame is written, never before. Not open → 410; a write that fails (the client
     * went away meanwhile, so the connection is gone) is logged and answered 410 GoneException, the service model's
     * error for "the connection with the provided id no longer exists"
     * (https://docs.aws.amazon.com/apigatewaymanagementapi/latest/APIReference/API_PostToConnection.html).
     */
    private static void post(Connection c, String message, Response response, Callback callback) {
        java.util.concurrent.CompletableFuture<Void> written = c.send(message);
        if (written == null) {
            gone(response, callback);
            return;
        }
        written.whenComplete((v, err) -> {
            if (err == null) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.allocate(0), callback);
            } else {
                System.err.println("switchboard-local: PostToConnection to " + c.id + " not written (" + err
                        + "): answered 410");
                gone(response, callback);
            }
        });
    }

    /** ISO-8601 with milliseconds, UTC: {@code 2025-02-03T01:46:33.523Z}. */
    static String iso(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochMilli(epochMillis));
    }

    private static void gone(Response response, Callback callback) {
        response.setStatus(410);
        response.getHeaders().put("x-amzn-ErrorType", "GoneException");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.allocate(0), callback);
    }
}
