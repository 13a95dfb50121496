package dev.switchboard.devkit;

import java.time.Clock;
import java.util.regex.Pattern;

/**
 * The rules of the dev-only token endpoint {@code GET /_switchboard/token?user=NAME} that the chat page uses, for
 * every JVM runner (each answers {@link #answer}'s status and JSON with its own HTTP server): a JWT signed with the
 * runner's secret and the WebSocket URL to use it on, {@code {"user":...,"token":...,"websocket":"ws://HOST/PATH"}}
 * with the request's Host. Only loopback Host headers get one ({@link LoopbackGuard#hostAllowed}): anything else
 * answers 421 {@code MISDIRECTED}; a missing or malformed user 400 {@code BAD_USER}. The runner refuses another
 * page's Origin before it gets here ({@link LoopbackGuard#originAllowed}). Tokens live {@link DevTokens#DEFAULT_TTL}.
 */
public final class DevTokenEndpoint {
    /** Path of the endpoint. */
    public static final String PATH = "/_switchboard/token";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    /** What to answer: the HTTP status and a JSON body (send it with {@code Cache-Control: no-store}). */
    public record Answer(int status, String json) {
    }

    private final DevTokens tokens;
    private final int port;
    private final String websocketPath;

    /**
     * @param tokens        signs the tokens (the secret, issuer and audience the runner checks)
     * @param port          the runner's port, the only one a Host may name
     * @param websocketPath the WebSocket endpoint's path on the same origin, starting with '/'
     */
    public DevTokenEndpoint(DevTokens tokens, int port, String websocketPath) {
        this.tokens = tokens;
        this.port = port;
        this.websocketPath = websocketPath;
    }

    /** A token endpoint with the dev defaults of {@link DevTokens} (issuer, audience, TTL) and {@code secret}. */
    public static DevTokenEndpoint withSecret(String secret, String issuer, String audience, int port,
                                              String websocketPath) {
        return new DevTokenEndpoint(new DevTokens(secret, issuer, audience, DevTokens.DEFAULT_TTL, Clock.systemUTC()),
                port, websocketPath);
    }

    /** The answer to a request with this {@code Host} header and {@code user} query parameter (either may be null). */
    public Answer answer(String host, String user) {
        if (!LoopbackGuard.hostAllowed(host, port)) {
            return new Answer(421, "{\"code\":\"MISDIRECTED\",\"message\":\"the dev token endpoint answers only Host"
                    + " 127.0.0.1, localhost or [::1] with port " + port + " (DNS rebinding guard)\"}");
        }
        if (user == null || !USER.matcher(user).matches()) {
            return new Answer(400, "{\"code\":\"BAD_USER\",\"message\":\"pass ?user=NAME: 1-64 letters, digits,"
                    + " '.', '_', '-' or '@'\"}");
        }
        // user matches USER and host passed the loopback check: neither needs JSON escaping
        return new Answer(200, "{\"user\":\"" + user + "\",\"token\":\"" + tokens.token(user) + "\",\"websocket\":\"ws://"
                + host.trim() + websocketPath + "\"}");
    }
}
