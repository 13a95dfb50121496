package dev.switchboard.azure.function;

import dev.switchboard.devkit.ChatPage;
import dev.switchboard.devkit.DevTokenEndpoint;
import dev.switchboard.devkit.LoopbackGuard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the Azure runner mounts on the local Web PubSub's port ({@code LocalWebPubSub.Options#routes}) so that the chat
 * page shares the clients' origin and its CSP {@code connect-src 'self'} holds: the page and its assets
 * ({@link ChatPage}), the dev-token endpoint ({@link DevTokenEndpoint}) whose {@code websocket} is the hub's client
 * URL and whose tokens are signed with the runner's secret, and the cross-origin guard ({@link LoopbackGuard}): a
 * request from another page's origin to the token endpoint or to the client endpoint {@code /client/hubs/...} answers
 * 403 {@code CROSS_ORIGIN}. A real Web PubSub serves no page and checks no Origin; both are the local runner's, as on
 * the local AWS API. Every other request falls through to the emulation.
 */
final class ChatPageRoutes extends Handler.Abstract {
    private final ChatPage page = new ChatPage();
    private final String hub;
    private final String secret;
    private final String issuer;
    private final String audience;

    /**
     * @param hub      the hub whose client URL the token endpoint names
     * @param secret   the HS256 secret the function checks tokens with
     * @param issuer   the tokens' {@code iss}
     * @param audience the tokens' {@code aud}
     */
    ChatPageRoutes(String hub, String secret, String issuer, String audience) {
        super(InvocationType.BLOCKING);
        this.hub = hub;
        this.secret = secret;
        this.issuer = issuer;
        this.audience = audience;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        int port = Request.getLocalPort(request);
        boolean guarded = path.equals(DevTokenEndpoint.PATH) || path.startsWith("/client/");
        if (guarded && !LoopbackGuard.originAllowed(request.getHeaders().getValuesList(HttpHeader.ORIGIN), port)) {
            write(response, callback, 403, "application/json", LoopbackGuard.crossOriginBody("the local Azure runner",
                    port).getBytes(StandardCharsets.UTF_8));
            return true;
        }
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        if (path.equals(DevTokenEndpoint.PATH)) {
            DevTokenEndpoint.Answer a = DevTokenEndpoint.withSecret(secret, issuer, audience, port, "/client/hubs/" + hub)
                    .answer(request.getHeaders().get(HttpHeader.HOST),
                            Request.extractQueryParameters(request).getValue("user"));
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            write(response, callback, a.status(), "application/json", a.json().getBytes(StandardCharsets.UTF_8));
            return true;
        }
        ChatPage.Asset asset = page.asset(path).orElse(null);
        if (asset == null) {
            return false;
        }
        ChatPage.HEADERS.forEach(response.getHeaders()::put);
        write(response, callback, 200, asset.contentType(), asset.body());
        return true;
    }

    private static void write(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
