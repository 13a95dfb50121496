package dev.switchboard.azure.function;

import com.azure.data.tables.TableClient;
import dev.switchboard.azure.store.ConnectionSlots;
import dev.switchboard.azure.store.Connections;
import dev.switchboard.azure.store.MemberCursors;
import dev.switchboard.azure.store.Memberships;
import dev.switchboard.azure.store.RateLimits;
import dev.switchboard.azure.store.Tables;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.auth.JwtVerifier;
import dev.switchboard.lambdas.auth.SecretValues;
import dev.switchboard.lambdas.auth.TokenVerifier;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Web PubSub's event handler for Switchboard, independent of the Functions runtime: it takes a method, headers and a
 * body and answers a {@link Reply}. {@code OPTIONS} is the abuse-protection handshake ({@link AbuseProtection});
 * {@code POST} is an event: its {@code ce-signature} is checked against the access keys first (unsigned or wrongly
 * signed: 401 and a log line), then its attributes (malformed: 400 naming what is wrong), then it is dispatched:
 * {@code connect} ({@link ConnectEvents}), {@code connected} (nothing to do: {@code connect} did the bookkeeping),
 * {@code disconnected} ({@link Disconnects}), and user events ({@link MessageEvents}).
 */
public final class EventHandler {
    private final AbuseProtection abuse;
    private final EventSignature signature;
    private final String hub;
    private final ConnectEvents connects;
    private final Disconnects disconnects;
    private final MessageEvents messages;
    private final Logger log;

    EventHandler(AzureSettings settings, TableClient table, Hub hub, TokenVerifier verifier, Clock clock, Logger log) {
        this.abuse = new AbuseProtection(settings.allowedOrigins());
        this.signature = new EventSignature(settings.accessKeys());
        this.hub = settings.hub();
        this.log = log;
        Connections connections = new Connections(table);
        ConnectionSlots slots = new ConnectionSlots(table);
        Memberships memberships = new Memberships(table);
        Rooms rooms = new Rooms(memberships, new MemberCursors(table), hub, settings.limits());
        this.disconnects = new Disconnects(connections, slots, memberships, rooms);
        this.connects = new ConnectEvents(verifier, connections, slots, rooms, disconnects, hub, settings.limits(),
                clock, log);
        this.messages = new MessageEvents(connections, memberships, new RateLimits(table), rooms, hub,
                settings.limits(), clock, log);
    }

    /** The handler with the real clients: the settings' table (created when missing), the SDK's hub client. */
    public static EventHandler create(AzureSettings settings, Logger log) {
        Clock clock = Clock.systemUTC();
        return new EventHandler(settings, Tables.open(settings.tablesConnectionString(), settings.tableName()),
                new SdkHub(settings.webPubSub().raw(), settings.hub()), verifier(settings, clock), clock, log);
    }

    static TokenVerifier verifier(AzureSettings s, Clock clock) {
        SecretValues secret = null;
        if (s.jwtSecret() != null) {
            if (s.jwtSecret().getBytes(StandardCharsets.UTF_8).length < JwtVerifier.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("JWT_SECRET has fewer than " + JwtVerifier.MIN_SECRET_BYTES
                        + " bytes: use a longer secret (e.g. 'openssl rand -base64 48')");
            }
            secret = SecretValues.fixed(s.jwtSecret());
        }
        try {
            return new JwtVerifier(secret, s.jwksUrl() == null ? null
                    : JwtVerifier.remoteJwks(URI.create(s.jwksUrl()).toURL()), s.issuer(), s.audience(), clock,
                    s.limits().maxTokenBytes());
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("JWT_JWKS_URL '" + s.jwksUrl() + "' is not a URL", e);
        }
    }

    /**
     * Answers one request.
     *
     * @param method  the HTTP method
     * @param headers the request headers
     * @param body    the body (empty when none)
     */
    public Reply handle(String method, Map<String, String> headers, byte[] body) {
        Headers h = new Headers(headers);
        String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
        if ("OPTIONS".equals(m)) {
            return abuse.answer(h);
        }
        if (!"POST".equals(m)) {
            return Reply.status(405, "this endpoint takes Web PubSub events (POST) and the webhook validation"
                    + " request (OPTIONS)");
        }
        String connectionId = CloudEvent.connectionIdOf(h);
        if (!signature.verifies(connectionId, h.get("ce-signature"))) {
            log.warning(() -> "event refused: " + (h.get("ce-signature") == null ? "unsigned" : "bad signature")
                    + " ce-type=" + h.get("ce-type") + " connectionId=" + connectionId);
            return Reply.status(401, "Unauthorized: the event's ce-signature does not verify with this hub's keys");
        }
        try {
            CloudEvent event = CloudEvent.of(h);
            if (!event.hub().equalsIgnoreCase(hub)) {
                throw new CloudEvent.Malformed("ce-hub '" + event.hub() + "' is not the hub this handler serves ('"
                        + hub + "')");
            }
            return switch (event.kind()) {
                case CONNECT -> connects.handle(event, Json.parseOrNull(new String(body, StandardCharsets.UTF_8)));
                case CONNECTED -> Reply.noContent();
                case DISCONNECTED -> {
                    disconnects.cleanUp(event.connectionId());
                    yield Reply.noContent();
                }
                case USER -> messages.handle(event, body);
            };
        } catch (CloudEvent.Malformed e) {
            log.warning(() -> "malformed event: " + e.getMessage());
            return Reply.status(400, e.getMessage());
        } catch (RuntimeException e) {
            log.log(Level.SEVERE, "event failed: ce-type=" + h.get("ce-type") + " connectionId=" + connectionId, e);
            return Reply.status(500, "internal error; request id " + h.get("ce-id"));
        }
    }
}
