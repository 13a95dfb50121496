package dev.switchboard.jsplatforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Handshake;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.blueprint.CodePointRange;
import dev.switchboard.blueprint.Route;
import dev.switchboard.blueprint.TokenRules;
import dev.switchboard.blueprint.UserIds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Worker's settings (its {@code SWITCHBOARD} JSON binding), rendered from a blueprint so that no limit or route
 * is typed twice: the stage, the actions the blueprint routes, the protocol's limits, the token's issuer and audience,
 * the token rules ({@link TokenRules}: {@code tokens}), what a user id is ({@link UserIds}: {@code userIds}), the
 * subprotocol and bearer prefix of the header transport ({@link Handshake}) and the number of connection shards.
 *
 * <p>Only the protocol's own limits reach the Worker ({@link #PROTOCOL_LIMITS}). The others are API Gateway's or
 * AWS's and have no meaning on Cloudflare: the 32 KB frame and 128 KB message limits (a Durable Object receives whole
 * messages of up to 32 MiB), stage throttling, the idle timeout and the 2-hour connection limit, the record TTL margin,
 * the fan-out concurrency and shard queue settings, and the secret cache age; {@code wafRatePerIp} becomes the zone's
 * rate-limiting rule in the Pulumi program instead.
 *
 * <p>A blueprint is refused (a {@link BlueprintException} naming the field and the fix) when it has a custom route
 * (its Java handler class cannot run in a Worker), routes an action to a handler other than the reference one, or has
 * no authorizer (the Worker always checks the token).
 */
public final class WorkerSettings {
    /** The limits the Worker enforces, by their blueprint names. */
    public static final List<String> PROTOCOL_LIMITS = List.of("maxDataBytes", "messageRatePerSecond",
            "messageBurst", "presenceMaxMembers", "membersPageSize", "maxTokenBytes", "maxConnectionsPerUser");
    /** The actions the Worker implements and the reference handler class each one is routed to on AWS. */
    public static final Map<String, String> BUILT_IN_ACTIONS = Map.of(
            "join", Blueprint.HANDLERS + "RoomsHandler",
            "leave", Blueprint.HANDLERS + "RoomsHandler",
            "members", Blueprint.HANDLERS + "RoomsHandler",
            "send", Blueprint.HANDLERS + "SendHandler",
            "whisper", Blueprint.HANDLERS + "WhisperHandler",
            "ping", Blueprint.HANDLERS + "PingHandler");
    /** Connection shards of a deployment unless configured (docs/cloudflare.md, "Design for scale"). */
    public static final int DEFAULT_SHARDS = 64;

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerSettings() {
    }

    /**
     * The settings as a JSON object.
     *
     * @param b        the blueprint
     * @param issuer   the {@code iss} tokens must carry
     * @param audience the {@code aud} tokens must contain
     * @param jwksUrl  the JWKS for RS256/ES256 tokens, or null for HS256 only
     * @param shards   connection shards (1 to 1024)
     * @param devTokens whether the Worker serves the chat page's dev tokens (local workerd only)
     */
    public static ObjectNode render(Blueprint b, String issuer, String audience, String jwksUrl, int shards,
                                    boolean devTokens) {
        if (b.authorizer() == null) {
            throw new BlueprintException("authorizer", "the Cloudflare Worker always checks a JWT on the upgrade,"
                    + " but this blueprint has no authorizer", "configure the reference JWT authorizer");
        }
        if (shards < 1 || shards > 1024) {
            throw new BlueprintException("cloudflare.shards", "must be between 1 and 1024, got " + shards,
                    "set cloudflare:shards to a value in that range (docs/cloudflare.md sizes it)");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("stage", b.environment().name());
        root.put("shards", shards);
        var actions = root.putArray("actions");
        for (String a : actions(b)) {
            actions.add(a);
        }
        Limits l = b.limits();
        ObjectNode limits = root.putObject("limits");
        limits.put("maxDataBytes", l.maxDataBytes());
        limits.put("messageRatePerSecond", l.messageRatePerSecond());
        limits.put("messageBurst", l.messageBurst());
        limits.put("presenceMaxMembers", l.presenceMaxMembers());
        limits.put("membersPageSize", l.membersPageSize());
        limits.put("maxTokenBytes", l.maxTokenBytes());
        limits.put("maxConnectionsPerUser", l.maxConnectionsPerUser());
        ObjectNode tokens = root.putObject("tokens");
        tokens.put("clockSkewSeconds", Math.toIntExact(TokenRules.CLOCK_SKEW.toSeconds()));
        tokens.put("maxLifetimeSeconds", Math.toIntExact(TokenRules.MAX_LIFETIME.toSeconds()));
        tokens.put("latestTimeSeconds", TokenRules.LATEST_TIME_SECONDS);
        ObjectNode userIds = root.putObject("userIds");
        userIds.put("maxChars", UserIds.MAX_CHARS);
        ranges(userIds.putArray("forbidden"), UserIds.FORBIDDEN);
        ranges(userIds.putArray("whitespace"), UserIds.WHITESPACE);
        ObjectNode auth = root.putObject("auth");
        auth.put("issuer", issuer);
        auth.put("audience", audience);
        if (jwksUrl != null) {
            auth.put("jwksUrl", jwksUrl);
        }
        ObjectNode handshake = root.putObject("handshake");
        handshake.put("subprotocol", Handshake.SUBPROTOCOL);
        handshake.put("bearerPrefix", Handshake.BEARER_PREFIX);
        root.put("devTokens", devTokens);
        return root;
    }

    private static void ranges(ArrayNode out, List<CodePointRange> ranges) {
        for (CodePointRange r : ranges) {
            out.addArray().add(r.first()).add(r.last());
        }
    }

    /** The blueprint's actions, in route order; refuses routes a Worker cannot serve. */
    public static List<String> actions(Blueprint b) {
        List<String> out = new ArrayList<>();
        for (Route r : b.routes()) {
            if (r.predefined()) {
                continue;
            }
            String handler = b.function(r.function()).handler();
            String expected = BUILT_IN_ACTIONS.get(r.routeKey());
            String field = "routes." + r.routeKey();
            if (expected == null) {
                throw new BlueprintException(field, "a custom route (handler " + handler + ") is a Java class that a"
                        + " Cloudflare Worker cannot run", "remove it from environments." + b.environment().name()
                        + ".customRoutes for Cloudflare, or deploy this environment to AWS");
            }
            if (!expected.equals(handler)) {
                throw new BlueprintException(field + ".function", "routes '" + r.routeKey() + "' to " + handler
                        + ", which the Worker cannot run", "route it to " + expected + " (the Worker implements that"
                        + " handler's protocol) or deploy this environment to AWS");
            }
            out.add(r.routeKey());
        }
        return out;
    }

    /** The settings as compact JSON text. */
    public static String json(ObjectNode settings) {
        return settings.toString();
    }
}
