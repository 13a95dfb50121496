package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.Telemetry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A test world: dynalite with the blueprint's tables, a management API server, the handlers' environment, captured
 * telemetry, and API Gateway events made from the fixtures in {@code src/test/resources/events}. One per test class.
 */
final class Harness implements AutoCloseable {
    static final Blueprint BLUEPRINT = Blueprint.reference(Environments.resolve("dev", Map.of()));
    private static final AtomicInteger IDS = new AtomicInteger();

    final DynaliteProcess dynalite;
    final DynamoDbClient dynamo;
    final ManagementApiServer api;
    final String table;
    final List<String> logs = Collections.synchronizedList(new ArrayList<>());

    Harness() {
        dynalite = DynaliteProcess.start();
        dynamo = LocalClients.dynamoDb(dynalite.endpoint());
        table = TableBootstrap.createTables(dynamo, BLUEPRINT).get(0);
        try {
            api = new ManagementApiServer("dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment a renderer would give a handler, pointing at the local servers. */
    Map<String, String> env(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(BLUEPRINT.staticEnvironment(BLUEPRINT.function("send")));
        env.put(EnvVars.TABLE_NAME, table);
        env.put(EnvVars.DYNAMODB_ENDPOINT, dynalite.endpoint().toString());
        env.put(EnvVars.CALLBACK_URL, api.callbackUrl());
        env.put(EnvVars.REGION, "us-east-1");
        env.putAll(overrides);
        return env;
    }

    /** A context over the real clients, with telemetry captured in {@link #logs}. */
    HandlerContext context(Map<String, String> overrides) {
        HandlerContext c = HandlerContext.fromEnv(env(overrides));
        return c.withTelemetry(new Telemetry("switchboard", logs::add, Clock.systemUTC()));
    }

    HandlerContext context() {
        return context(Map.of());
    }

    /** A TTL (epoch seconds) an hour from now: records that have not expired. */
    static long ttl() {
        return System.currentTimeMillis() / 1000 + 3600;
    }

    /** A fresh API-Gateway-shaped connection id. */
    static String newConnectionId() {
        return String.format("T%014d=", IDS.incrementAndGet());
    }

    static ObjectNode fixture(String name) {
        try (InputStream in = Harness.class.getResourceAsStream("/events/" + name + ".json")) {
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CONNECT event for {@code user} on {@code connectionId}, with an optional {@code ?room=}. */
    static ObjectNode connectEvent(String connectionId, String user, String room) {
        ObjectNode e = fixture("connect");
        identify(e, connectionId, user);
        if (room != null) {
            ((ObjectNode) e.get("queryStringParameters")).put("room", room);
            ((ObjectNode) e.get("multiValueQueryStringParameters")).putArray("room").add(room);
        }
        return e;
    }

    /** A MESSAGE event whose body is {@code frame}, routed by its action (or $default). */
    static ObjectNode messageEvent(String connectionId, String user, String body, String routeKey) {
        ObjectNode e = fixture("message");
        identify(e, connectionId, user);
        ((ObjectNode) e.get("requestContext")).put("routeKey", routeKey)
                .put("messageId", "M" + connectionId.substring(1, 12) + IDS.incrementAndGet());
        e.put("body", body);
        return e;
    }

    static ObjectNode messageEvent(String connectionId, String user, JsonNode frame) {
        return messageEvent(connectionId, user, Json.write(frame), frame.path("action").asText());
    }

    static ObjectNode disconnectEvent(String connectionId, String user) {
        ObjectNode e = fixture("disconnect");
        identify(e, connectionId, user);
        return e;
    }

    private static void identify(ObjectNode e, String connectionId, String user) {
        ObjectNode rc = (ObjectNode) e.get("requestContext");
        rc.put("connectionId", connectionId);
        // an established connection (a minute old): younger ones are still inside Broadcaster.CONNECT_GRACE_MILLIS
        rc.put("connectedAt", System.currentTimeMillis() - 60_000);
        // arrival now: the rate limit counts frames at API Gateway's requestTimeEpoch
        rc.put("requestTimeEpoch", System.currentTimeMillis());
        ((ObjectNode) rc.get("authorizer")).put("principalId", user).put("userId", user);
    }

    /** Runs {@code handler} on {@code event} through the Lambda stream interface; returns the proxy response. */
    static JsonNode call(RouteHandler handler, JsonNode event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Json.bytes(event)), out, null);
            return Json.MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code handler} on {@code event} and returns what the sender got: the route's reply body, or, for a one-way
     * route (send, whisper) whose handler posts its reply, the ack or error frame posted to the sender meanwhile
     * (null when there was none).
     */
    JsonNode reply(RouteHandler handler, JsonNode event) {
        String sender = event.path("requestContext").path("connectionId").asText();
        int before = api.frames(sender).size();
        JsonNode r = body(call(handler, event));
        if (r != null) {
            return r;
        }
        List<String> after = api.frames(sender);
        for (int i = after.size() - 1; i >= before; i--) {
            JsonNode f = Json.parseOrNull(after.get(i));
            String type = f == null ? "" : f.path("type").asText();
            if (type.equals("ack") || type.equals("error")) {
                return f;
            }
        }
        return null;
    }

    /** The body frame of a proxy response. */
    static JsonNode body(JsonNode response) {
        return Json.parseOrNull(response.path("body").asText(null));
    }

    @Override
    public void close() {
        api.close();
        dynamo.close();
        dynalite.close();
    }
}
