package dev.switchboard.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.devkit.ChatPage;
import dev.switchboard.devkit.DevTokenEndpoint;
import dev.switchboard.devkit.LoopbackGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * Every HTTP request of the local API, dispatched by path: the WebSocket handshake on {@code /STAGE}
 * ({@link Handshake}), the management API on {@code /STAGE/@connections/{id}} ({@link ManagementApi}), the chat page
 * and its assets ({@link ChatPage}) and the dev token endpoint ({@link DevTokenEndpoint}); requests from another page's
 * origin to the handshake, the management API and the token endpoint answer 403 ({@link LoopbackGuard}). Messages and
 * {@code $disconnect} are {@link Routing}'s.
 */
final class GatewayHandler extends Handler.Abstract {
    private final LocalGateway g;
    private final Handshake handshake;
    private final ManagementApi management;
    private final ChatPage page = new ChatPage();

    GatewayHandler(LocalGateway gateway, ServerWebSocketContainer ws) {
        super(InvocationType.BLOCKING);
        this.g = gateway;
        this.handshake = new Handshake(gateway, ws);
        this.management = new ManagementApi(gateway);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = decode(request.getHttpURI().getPath());
        String stage = "/" + g.config.stage();
        if (!g.started() || g.closing()) {
            json(response, callback, 503, "{\"message\":\"Service Unavailable\"}");
            return true;
        }
        if (!LoopbackGuard.originAllowed(request.getHeaders().getValuesList(HttpHeader.ORIGIN), g.port()) && (path.startsWith(stage + "/@connections/")
                || path.equals(stage) || path.equals(stage + "/") || path.equals(DevTokenEndpoint.PATH))) {
            refuseOrigin(request, response, callback, path.startsWith(stage + "/@connections/"));
            return true;
        }
        if (path.startsWith(stage + "/@connections/")) {
            management.handle(request, response, callback, path.substring((stage + "/@connections/").length()));
        } else if (path.equals(stage) || path.equals(stage + "/")) {
            if (isUpgrade(request)) {
                handshake.start(request, response, callback);
            } else {
                json(response, callback, 426, "{\"message\":\"Upgrade Required\"}");
            }
        } else if (path.equals(DevTokenEndpoint.PATH) && "GET".equals(request.getMethod())) {
            token(request, response, callback);
        } else if (!"GET".equals(request.getMethod()) || !serveAsset(path, response, callback)) {
            json(response, callback, 404, "{\"message\":\"Not Found\"}");
        }
        return true;
    }

    private void token(Request request, Response response, Callback callback) {
        DevTokenEndpoint.Answer a = DevTokenEndpoint.withSecret(g.config.jwtSecret(), g.config.jwtIssuer(),
                g.config.jwtAudience(), g.port(), "/" + g.config.stage()).answer(
                request.getHeaders().get(HttpHeader.HOST), Request.extractQueryParameters(request).getValue("user"));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        json(response, callback, a.status(), a.json());
    }

    private boolean serveAsset(String path, Response response, Callback callback) {
        ChatPage.Asset asset = page.asset(path).orElse(null);
        if (asset == null) {
            return false;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        ChatPage.HEADERS.forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(asset.body()), callback);
        return true;
    }

    /**
     * 403 to a request from a web page of another origin ({@link LoopbackGuard#originAllowed}); the management API's
     * in the service's error shape. The body is consumed, never read into anything.
     */
    private void refuseOrigin(Request request, Response response, Callback callback, boolean management) {
        if (request.getMethod().equals("POST")) {
            org.eclipse.jetty.io.Content.Source.consumeAll(request, Callback.NOOP);
        }
        if (management) {
            response.getHeaders().put("x-amzn-ErrorType", "ForbiddenException");
        }
        json(response, callback, 403, LoopbackGuard.crossOriginBody("the local API", g.port()));
    }

    private static boolean isUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return "GET".equals(request.getMethod()) && upgrade != null && upgrade.equalsIgnoreCase("websocket")
                && request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY) != null;
    }

    static void json(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        if (!body.isEmpty()) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        }
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    static byte[] bytes(ObjectNode event) {
        try {
            return Events.JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Percent-decodes a path, keeping '+' (connection ids never hold one, and paths do not encode spaces as '+'). */
    static String decode(String rawPath) {
        try {
            return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return rawPath;
        }
    }
}
