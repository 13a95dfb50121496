package dev.switchboard.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.Handshake;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * What a case works with: its target, the probe users, its own connections (closed when the case ends), rooms
 * under the run's random prefix, and the target's management API client.
 */
public final class ProbeContext implements AutoCloseable {
    /**
     * Every probe request says what it is (operators can find or exclude it in access logs; AWS's common rule set
     * blocks requests without a User-Agent).
     */
    public static final String USER_AGENT = "switchboard-probe";
    private final Run run;
    private final Target target;
    private final String caseName;
    private final List<Client> clients = new ArrayList<>();

    ProbeContext(Run run, Target target, String caseName) {
        this.run = run;
        this.target = target;
        this.caseName = caseName;
    }

    public Target target() {
        return target;
    }

    public ProbeOptions options() {
        return run.options;
    }

    public Tokens tokens() {
        return run.tokens;
    }

    public Tokens.User a() {
        return run.tokens.users().get(0);
    }

    /** The second probe user; the case is skipped when there is only one. */
    public Tokens.User b() {
        if (run.tokens.users().size() < 2) {
            throw new Skipped("needs two probe users (two tokens, or a signing key); only one was given");
        }
        return run.tokens.users().get(1);
    }

    /** A room of this case, under the run's random prefix (no other client is ever in it). */
    public String room(String name) {
        return run.roomPrefix + "." + caseName.replaceAll("[^A-Za-z0-9_-]", "-") + (name.isEmpty() ? "" : "." + name);
    }

    /** A random suffix, for client ids and data. */
    public String unique() {
        return Long.toString(run.random.nextLong() & Long.MAX_VALUE, 36);
    }

    /** The management API of this target; the case is skipped without {@code --management-url}. */
    public ApiGatewayManagementApiClient management() {
        ApiGatewayManagementApiClient m = run.management(target);
        if (m == null) {
            throw new Skipped("no --management-url for " + target.region());
        }
        return m;
    }

    public Client connect(Tokens.User u) {
        return connect(target, u, null, false);
    }

    public Client connect(Tokens.User u, String room) {
        return connect(target, u, room, false);
    }

    /**
     * Opens a connection of {@code u} to {@code t} with the header transport (docs/protocol.md: the subprotocols
     * {@value dev.switchboard.blueprint.Handshake#SUBPROTOCOL} and {@code bearer.<JWT>}), with {@code ?room=} if
     * given, offering permessage-deflate or not; fails unless the server answers
     * {@value dev.switchboard.blueprint.Handshake#SUBPROTOCOL}.
     */
    public Client connect(Target t, Tokens.User u, String room, boolean offerDeflate) {
        Client c = open(t, u, room == null ? "" : "room=" + enc(room), offerDeflate, bearer(u.token()));
        String answered = c.acceptedSubProtocol();
        if (!Handshake.SUBPROTOCOL.equals(answered)) {
            throw new ProbeFailure("the handshake of " + u.id() + " answered Sec-WebSocket-Protocol " + answered
                    + "; the header transport needs " + Handshake.SUBPROTOCOL);
        }
        return c;
    }

    /** Opens a connection of {@code u} with the query transport ({@code ?token=}). */
    public Client connectByQuery(Tokens.User u) {
        return open(target, u, "token=" + u.token(), false, List.of());
    }

    /** The subprotocol offers of the header transport for {@code token}. */
    public static List<String> bearer(String token) {
        return List.of(Handshake.SUBPROTOCOL, Handshake.BEARER_PREFIX + token);
    }

    private Client open(Target t, Tokens.User u, String query, boolean offerDeflate, List<String> protocols) {
        Client c = new Client(u.id(), run.options.timeout(), run.pacer);
        try {
            var s = upgrade(t, query, offerDeflate, c, protocols)
                    .get(run.options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            c.attach(s);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UpgradeException up) {
                throw new ProbeFailure("the handshake of " + u.id() + " was refused with HTTP " + up.getResponseStatusCode());
            }
            throw new ProbeFailure("the handshake of " + u.id() + " failed: " + run.tokens.redact(String.valueOf(cause)));
        } catch (TimeoutException e) {
            throw new ProbeFailure("the handshake of " + u.id() + " took over " + run.options.timeout().toSeconds() + " s");
        } catch (Exception e) {
            throw new ProbeFailure("the handshake of " + u.id() + " failed: " + run.tokens.redact(String.valueOf(e)));
        }
        synchronized (clients) {
            clients.add(c);
        }
        return c;
    }

    /** The HTTP status of a handshake with this query string: 101 if it opened (then it is closed again). */
    public int handshakeStatus(String query) {
        return handshakeStatus(query, List.of());
    }

    /**
     * The HTTP status of a handshake with this query string offering {@code protocols} in Sec-WebSocket-Protocol: 101
     * if it opened (then it is closed again).
     */
    public int handshakeStatus(String query, List<String> protocols) {
        Client c = new Client(a().id(), run.options.timeout(), run.pacer);
        try {
            var s = upgrade(target, query, false, c, protocols).get(run.options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            c.attach(s);
            c.close();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeException up && up.getResponseStatusCode() > 0) {
                return up.getResponseStatusCode();
            }
            throw new ProbeFailure("the handshake failed without an HTTP status: " + run.tokens.redact(String.valueOf(e.getCause())));
        } catch (Exception e) {
            throw new ProbeFailure("the handshake failed: " + run.tokens.redact(String.valueOf(e)));
        }
    }

    private java.util.concurrent.CompletableFuture<org.eclipse.jetty.websocket.api.Session> upgrade(
            Target t, String query, boolean offerDeflate, Client c, List<String> protocols) throws java.io.IOException {
        run.pacer.handshake();
        String base = t.url().toString();
        URI uri = URI.create(query.isEmpty() ? base : base + (base.contains("?") ? "&" : "?") + query);
        ClientUpgradeRequest req = new ClientUpgradeRequest();
        req.setHeader("User-Agent", USER_AGENT);
        if (!protocols.isEmpty()) {
            req.setSubProtocols(protocols);
        }
        if (offerDeflate) {
            req.addExtensions("permessage-deflate");
        }
        return run.ws.connect(c, uri, req);
    }

    /** A plain HTTP GET of the endpoint, without an upgrade: its status. */
    public int plainGet() throws Exception {
        run.pacer.handshake();
        HttpResponse<Void> r = run.http.send(HttpRequest.newBuilder(target.httpUrl()).GET().header("User-Agent", USER_AGENT)
                .timeout(run.options.timeout()).build(), HttpResponse.BodyHandlers.discarding());
        return r.statusCode();
    }

    /**
     * The connection id of {@code c}, from its {@code pong}'s {@code connectionId}; skipped when the server does not
     * tell a client its id (the management cases need one of the probe's own connections).
     */
    public String connectionId(Client c) {
        c.send(Frames.ping());
        JsonNode pong = c.expectType("pong");
        String id = pong.path("connectionId").asText("");
        if (id.isEmpty()) {
            throw new Skipped("the server does not tell a client its connection id (no 'connectionId' on pong)");
        }
        return id;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        List<Client> all;
        synchronized (clients) {
            all = new ArrayList<>(clients);
        }
        all.forEach(Client::close);
    }

    /** What every case of one run shares. */
    static final class Run implements AutoCloseable {
        final ProbeOptions options;
        final Tokens tokens;
        final Pacer pacer;
        final String roomPrefix;
        final java.util.Random random = new java.security.SecureRandom();
        final WebSocketClient ws;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();
        private final java.util.Map<Target, ApiGatewayManagementApiClient> managements = new java.util.HashMap<>();

        Run(ProbeOptions options, Tokens tokens) throws Exception {
            this.options = options;
            this.tokens = tokens;
            this.pacer = new Pacer(options.stageRate(), options.stageBurst(), options.wafRatePerIp(), options.share(),
                options.messageRate(), options.messageBurst());
            this.roomPrefix = "switchboard-probe-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            this.ws = new WebSocketClient();
            ws.setMaxFrameSize(1 << 20);
            ws.setMaxTextMessageSize(1 << 20);
            ws.setAutoFragment(false);
            ws.setIdleTimeout(java.time.Duration.ofMinutes(2));
            ws.setConnectTimeout(options.timeout().toMillis());
            ws.setStopAtShutdown(true);
            ws.start();
        }

        synchronized ApiGatewayManagementApiClient management(Target t) {
            if (t.managementUrl() == null) {
                return null;
            }
            return managements.computeIfAbsent(t, Management::client);
        }

        @Override
        public void close() {
            managements.values().forEach(ApiGatewayManagementApiClient::close);
            try {
                ws.stop();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
