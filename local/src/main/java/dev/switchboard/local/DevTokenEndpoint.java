package dev.switchboard.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.devkit.DevTokens;
import java.time.Clock;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The dev-only token endpoint {@code GET /_switchboard/token?user=NAME} that the chat page uses: a JWT signed with
 * the gateway's secret, so it exists only on the local API.
 */
final class DevTokenEndpoint {
    /** Path of the endpoint. */
    static final String PATH = "/_switchboard/token";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    private final LocalGateway g;

    DevTokenEndpoint(LocalGateway gateway) {
        this.g = gateway;
    }

    void handle(Request request, Response response, Callback callback) {
        Fields q = Request.extractQueryParameters(request);
        String user = q.getValue("user");
        if (user == null || !USER.matcher(user).matches()) {
            GatewayHandler.json(response, callback, 400, "{\"code\":\"BAD_USER\",\"message\":\"pass ?user=NAME: 1-64 letters, digits,"
                    + " '.', '_', '-' or '@'\"}");
            return;
        }
        String token = new DevTokens(g.config.jwtSecret(), g.config.jwtIssuer(), g.config.jwtAudience(),
                DevTokens.DEFAULT_TTL, Clock.systemUTC()).token(user);
        ObjectNode body = LocalGateway.object();
        body.put("user", user);
        body.put("token", token);
        String host = request.getHeaders().get(HttpHeader.HOST);
        body.put("websocket", "ws://" + (host != null ? host : "127.0.0.1:" + g.port()) + "/" + g.config.stage());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        GatewayHandler.json(response, callback, 200, body.toString());
    }
}
