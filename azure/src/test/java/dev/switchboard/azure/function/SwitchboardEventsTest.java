package dev.switchboard.azure.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.azure.store.AzuriteProcess;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.lambdas.api.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event handler as deployed: {@link SwitchboardEvents} called through the Functions library's request and response
 * interfaces with signed CloudEvents, its state in Azurite's Table service, and the Web PubSub server SDK talking to
 * {@link RecordingWebPubSub}. What the service does with the answers (frames to clients) is the emulation's part and is
 * tested end to end there.
 */
class SwitchboardEventsTest {
    static final String HUB = "chat";
    static final String SECONDARY = "the-secondary-access-key-of-this-hub-0123456789";
    static AzuriteProcess azurite;
    static RecordingWebPubSub service;
    static Events events;
    static final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    static final TestClock clock = new TestClock();

    @BeforeAll
    static void start() throws Exception {
        azurite = AzuriteProcess.start();
        service = new RecordingWebPubSub();
        Map<String, String> env = new HashMap<>();
        env.put(AzureSettings.CONNECTION_STRING, service.connectionString());
        env.put(AzureSettings.SECONDARY_KEY, SECONDARY);
        env.put(AzureSettings.HUB, HUB);
        env.put(AzureSettings.ALLOWED_ORIGINS, Events.ORIGIN);
        env.put(AzureSettings.TABLES_CONNECTION_STRING, azurite.connectionString());
        env.put(EnvVars.TABLE_NAME, "sb" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        env.put(EnvVars.JWT_SECRET, DevTokens.DEV_SECRET);
        env.put(EnvVars.JWT_ISSUER, DevTokens.DEFAULT_ISSUER);
        env.put(EnvVars.JWT_AUDIENCE, DevTokens.DEFAULT_AUDIENCE);
        env.put(EnvVars.MEMBERS_PAGE_SIZE, "2");
        env.put(EnvVars.MAX_CONNECTIONS_PER_USER, "2");
        Logger log = Logger.getLogger("switchboard.azure.events." + UUID.randomUUID());
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        AzureSettings settings = AzureSettings.fromEnv(env);
        EventHandler handler = new EventHandler(settings, dev.switchboard.azure.store.Tables.open(
                settings.tablesConnectionString(), settings.tableName()),
                new SdkHub(settings.webPubSub().raw(), settings.hub()), EventHandler.verifier(settings, clock), clock,
                log);
        events = new Events(new SwitchboardEvents(handler), HUB, List.of(RecordingWebPubSub.KEY, SECONDARY));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (azurite != null) {
            azurite.close();
        }
    }

    @BeforeEach
    void clear() {
        service.clear();
        logged.clear();
    }

    static String id() {
        return "conn-" + UUID.randomUUID();
    }

    static String user() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String room() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Connects with a query token (and the room, when given); asserts the connect succeeded. */
    static String connect(String user, String room) {
        String c = id();
        Map<String, List<String>> q = new HashMap<>();
        q.put("token", List.of(DevTokens.mint(user)));
        if (room != null) {
            q.put("room", List.of(room));
        }
        FunctionRequest.Response r = events.connect(c, q, List.of());
        assertThat(r.getStatusCode()).as(r.text()).isEqualTo(200);
        return c;
    }

    // --- abuse protection, signatures, malformed events

    @Test
    void options_fromConfiguredServiceHost_answersAllowedOrigin() {
        FunctionRequest.Response r = events.call(HttpMethod.OPTIONS,
                Map.of("WebHook-Request-Origin", Events.ORIGIN), null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeader("WebHook-Allowed-Origin")).isEqualTo(Events.ORIGIN);
    }

    @Test
    void options_fromOtherHost_isRefusedWithoutTheHeader() {
        FunctionRequest.Response r = events.call(HttpMethod.OPTIONS,
                Map.of("WebHook-Request-Origin", "evil.webpubsub.azure.com"), null);
        assertThat(r.getStatusCode()).isEqualTo(403);
        assertThat(r.getHeader("WebHook-Allowed-Origin")).isNull();
        assertThat(events.call(HttpMethod.OPTIONS, Map.of(), null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void event_unsigned_is401AndLogged() {
        String c = id();
        Map<String, String> h = events.headers("azure.webpubsub.user.message", c, "text/plain");
        h.remove("ce-signature");
        FunctionRequest.Response r = events.post(h, "{\"action\":\"ping\"}");
        assertThat(r.getStatusCode()).isEqualTo(401);
        assertThat(logged).anySatisfy(l -> assertThat(l.getMessage()).contains("unsigned").contains(c));
    }

    @Test
    void event_signedWithAnotherKeyOrForAnotherConnection_is401() {
        String c = id();
        Map<String, String> wrongKey = events.headers("azure.webpubsub.user.message", c, "text/plain");
        wrongKey.put("ce-signature", EventSignature.sign(c, List.of("not-one-of-the-hub-keys")));
        assertThat(events.post(wrongKey, "{\"action\":\"ping\"}").getStatusCode()).isEqualTo(401);
        Map<String, String> replayed = events.headers("azure.webpubsub.user.message", c, "text/plain");
        replayed.put("ce-signature", EventSignature.sign(id(), List.of(RecordingWebPubSub.KEY)));
        assertThat(events.post(replayed, "{\"action\":\"ping\"}").getStatusCode()).isEqualTo(401);
        assertThat(logged).anySatisfy(l -> assertThat(l.getMessage()).contains("bad signature"));
    }

    @Test
    void event_signedWithTheSecondaryKeyOnly_isAccepted() {
        String c = id();
        Map<String, String> h = events.headers("azure.webpubsub.user.message", c, "text/plain");
        h.put("ce-signature", EventSignature.sign(c, List.of("rotated-away-primary", SECONDARY)));
        FunctionRequest.Response r = events.post(h, "{\"action\":\"ping\"}");
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(Json.parseOrNull(r.text()).path("connectionId").asText()).isEqualTo(c);
    }

    @Test
    void event_malformed_is400NamingTheProblem() {
        String c = id();
        Map<String, String> noType = events.headers("azure.webpubsub.user.message", c, "text/plain");
        noType.remove("ce-type");
        FunctionRequest.Response r = events.post(noType, "{}");
        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(r.text()).contains("ce-type");
        Map<String, String> unknown = events.headers("azure.webpubsub.sys.reboot", c, "application/json");
        assertThat(events.post(unknown, "{}").text()).contains("azure.webpubsub.sys.reboot");
        Map<String, String> otherHub = events.headers("azure.webpubsub.user.message", c, "text/plain");
        otherHub.put("ce-hub", "other");
        assertThat(events.post(otherHub, "{}").text()).contains("ce-hub 'other'");
        FunctionRequest.Response notJson = events.post(
                events.headers("azure.webpubsub.sys.connect", c, "application/json"), "not json");
        assertThat(notJson.getStatusCode()).isEqualTo(400);
        assertThat(notJson.text()).contains("JSON object");
    }

    // --- connect

    @Test
    void connect_queryToken_answersUserIdFromSub() {
        String user = user();
        FunctionRequest.Response r = events.connect(id(), Map.of("token", List.of(DevTokens.mint(user))), List.of());
        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode answer = Json.parseOrNull(r.text());
        assertThat(answer.path("userId").asText()).isEqualTo(user);
        assertThat(answer.has("subprotocol")).isFalse();
    }

    @Test
    void connect_headerTransport_answersTheSubprotocolNeverTheBearerOffer() {
        String user = user();
        FunctionRequest.Response r = events.connect(id(), Map.of(),
                List.of("switchboard.v2", "bearer." + DevTokens.mint(user)));
        assertThat(r.getStatusCode()).as(r.text()).isEqualTo(200);
        JsonNode answer = Json.parseOrNull(r.text());
        assertThat(answer.path("userId").asText()).isEqualTo(user);
        assertThat(answer.path("subprotocol").asText()).isEqualTo("switchboard.v2");
        assertThat(r.text()).doesNotContain("bearer.");
    }

    @Test
    void connect_refusals_matchTheProtocolTable() {
        String good = DevTokens.mint(user());
        assertThat(events.connect(id(), Map.of(), List.of()).getStatusCode()).isEqualTo(401);
        assertThat(events.connect(id(), Map.of("token", List.of("")), List.of()).getStatusCode()).isEqualTo(401);
        assertThat(events.connect(id(), Map.of("token", List.of(good + "x")), List.of()).getStatusCode())
                .isEqualTo(403);
        assertThat(events.connect(id(), Map.of("token", List.of(good)), List.of("switchboard.v2", "bearer." + good))
                .getStatusCode()).as("a token in both places").isEqualTo(403);
        assertThat(events.connect(id(), Map.of("token", List.of(good, good)), List.of()).getStatusCode())
                .as("two token parameters").isEqualTo(403);
        assertThat(events.connect(id(), Map.of(), List.of("bearer." + good)).getStatusCode())
                .as("bearer without switchboard.v2").isEqualTo(400);
        assertThat(events.connect(id(), Map.of("token", List.of(good), "room", List.of("no spaces")), List.of())
                .getStatusCode()).isEqualTo(400);
        assertThat(logged).anySatisfy(l -> assertThat(l.getMessage()).contains("reason=BAD_SIGNATURE"));
        assertThat(logged).allSatisfy(l -> assertThat(l.getMessage()).doesNotContain(good));
    }

    @Test
    void connect_withRoom_joinsTheGroupAndAnnouncesPresence() {
        String room = room();
        String alice = user();
        connect(alice, room);
        String bob = user();
        FunctionRequest.Response r = events.connect(id(), Map.of("token", List.of(DevTokens.mint(bob)),
                "room", List.of(room)), List.of());
        assertThat(Json.parseOrNull(r.text()).path("groups").get(0).asText()).isEqualTo(room);
        assertThat(service.calls()).anySatisfy(c -> {
            assertThat(c.is("POST", "/groups/" + room + "/:send")).isTrue();
            assertThat(Json.parseOrNull(c.body())).isEqualTo(Json.parseOrNull(
                    "{\"type\":\"presence\",\"room\":\"" + room + "\",\"user\":\"" + bob + "\",\"event\":\"join\"}"));
        });
    }

    @Test
    void connect_overThePerUserLimit_is429UnlessTheServiceLostTheOlderConnections() {
        String user = user();
        String first = connect(user, null);
        String second = connect(user, null);
        service.live.add(first);
        service.live.add(second);
        FunctionRequest.Response refused = events.connect(id(), Map.of("token", List.of(DevTokens.mint(user))),
                List.of());
        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(Json.parseOrNull(refused.text()).path("code").asText()).isEqualTo("TOO_MANY_CONNECTIONS");
        service.live.remove(second);
        FunctionRequest.Response stillRefused = events.connect(id(), Map.of("token", List.of(DevTokens.mint(user))),
                List.of());
        assertThat(stillRefused.getStatusCode()).as("a slot younger than the handshake grace is never taken")
                .isEqualTo(429);
        clock.advance(ConnectEvents.HANDSHAKE_GRACE.plusSeconds(1));
        String third = connect(user, null);
        assertThat(events.frame(second, "{\"action\":\"join\",\"room\":\"r\"}").path("code").asText())
                .as("the lost connection's records are gone").isEqualTo("RATE_LIMITED");
        assertThat(events.frame(third, "{\"action\":\"ping\"}").path("type").asText()).isEqualTo("pong");
    }

    @Test
    void connect_concurrentlyAtTheCap_admitsExactlyTheCap() throws Exception {
        // GIVEN a user with no connection, and every recorded connection still live at the service
        String user = user();
        int attempts = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(attempts);
        try {
            // WHEN six connects of the user race (the cap is 2)
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String c = id();
                service.live.add(c);
                statuses.add(pool.submit(() -> {
                    go.await();
                    return events.connect(c, Map.of("token", List.of(DevTokens.mint(user))), List.of())
                            .getStatusCode();
                }));
            }
            go.countDown();
            List<Integer> got = new java.util.ArrayList<>();
            for (var f : statuses) {
                got.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            // THEN exactly two are admitted and the others get 429
            assertThat(got).filteredOn(s -> s == 200).as(got.toString()).hasSize(2);
            assertThat(got).filteredOn(s -> s == 429).hasSize(attempts - 2);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- frames

    @Test
    void frames_badJsonUnknownActionAndPing_answerLikeAws() {
        String c = connect(user(), null);
        assertThat(events.frame(c, "hello?").path("code").asText()).isEqualTo("BAD_JSON");
        assertThat(events.frame(c, "[1,2]").path("code").asText()).isEqualTo("BAD_JSON");
        assertThat(events.frame(c, "{\"room\":\"x\"}").path("code").asText()).isEqualTo("UNKNOWN_ACTION");
        assertThat(events.frame(c, "{\"action\":\"dance\"}").path("code").asText()).isEqualTo("UNKNOWN_ACTION");
        JsonNode pong = events.frame(c, "{\"action\":\"ping\"}");
        assertThat(pong).isEqualTo(Json.parseOrNull("{\"type\":\"pong\",\"connectionId\":\"" + c + "\"}"));
        FunctionRequest.Response binary = events.post(events.headers("azure.webpubsub.user.message", c,
                "application/octet-stream"), "{\"action\":\"ping\"}");
        assertThat(binary.getStatusCode()).as("errors keep the connection open: 200, never a 4xx").isEqualTo(200);
        assertThat(Json.parseOrNull(binary.text()).path("code").asText()).isEqualTo("BAD_JSON");
    }

    @Test
    void join_send_ack_countsAndExcludesTheSender() {
        String room = room();
        String alice = connect(user(), null);
        String bob = connect(user(), null);
        JsonNode joined = events.frame(alice, "{\"action\":\"join\",\"room\":\"" + room + "\"}");
        assertThat(joined.path("type").asText()).isEqualTo("joined");
        assertThat(joined.path("count").asLong()).isEqualTo(1);
        assertThat(service.calls()).anySatisfy(c -> assertThat(c.is("PUT", "/groups/" + room + "/connections/"
                + alice)).isTrue());
        events.frame(bob, "{\"action\":\"join\",\"room\":\"" + room + "\"}");
        service.clear();
        assertThat(events.frame(alice, "{\"action\":\"send\",\"room\":\"" + room + "\",\"data\":{\"t\":1}}"))
                .as("no ack without ack:true").isNull();
        JsonNode ack = events.frame(alice, "{\"action\":\"send\",\"room\":\"" + room
                + "\",\"data\":\"hi\",\"ack\":true,\"cid\":\"m-2\"}");
        assertThat(ack.path("type").asText()).isEqualTo("ack");
        assertThat(ack.path("cid").asText()).isEqualTo("m-2");
        assertThat(ack.path("delivered").asInt()).isEqualTo(1);
        List<RecordingWebPubSub.Call> sends = service.calls().stream()
                .filter(c -> c.is("POST", "/groups/" + room + "/:send")).toList();
        assertThat(sends).hasSize(2);
        assertThat(sends).allSatisfy(c -> assertThat(c.query()).contains("excluded=" + alice));
        JsonNode message = Json.parseOrNull(sends.get(1).body());
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("id").asText()).isEqualTo(ack.path("id").asText());
        assertThat(message.path("cid").asText()).isEqualTo("m-2");
        assertThat(message.path("data").asText()).isEqualTo("hi");
    }

    @Test
    void join_manyAtOnce_countsEveryConnection() throws Exception {
        // GIVEN 24 connections of 24 users, and a page smaller than the room (so joined.count is the counter's)
        String room = room();
        List<String> connections = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            connections.add(connect(user(), null));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            // WHEN they all join at once
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<JsonNode>> replies = new java.util.ArrayList<>();
            for (String c : connections) {
                replies.add(pool.submit(() -> {
                    go.await();
                    return events.frame(c, "{\"action\":\"join\",\"room\":\"" + room + "\"}");
                }));
            }
            go.countDown();
            for (var f : replies) {
                assertThat(f.get(120, java.util.concurrent.TimeUnit.SECONDS).path("type").asText())
                        .as("every join succeeds (a contended counter must not fail one)").isEqualTo("joined");
            }
        } finally {
            pool.shutdownNow();
        }
        // THEN the room counts all 24
        JsonNode again = events.frame(connections.get(0), "{\"action\":\"join\",\"room\":\"" + room + "\"}");
        assertThat(again.path("count").asLong()).isEqualTo(24);
    }

    @Test
    void send_validation_usesTheProtocolsCodes() {
        String room = room();
        String c = connect(user(), null);
        assertThat(events.frame(c, "{\"action\":\"send\",\"room\":\"" + room + "\",\"data\":1}").path("code")
                .asText()).isEqualTo("NOT_A_MEMBER");
        events.frame(c, "{\"action\":\"join\",\"room\":\"" + room + "\"}");
        assertThat(events.frame(c, "{\"action\":\"send\",\"room\":\"" + room + "\"}").path("code").asText())
                .isEqualTo("MISSING_FIELD");
        assertThat(events.frame(c, "{\"action\":\"send\",\"room\":\"" + room + "\",\"data\":1,\"ack\":\"yes\"}")
                .path("code").asText()).isEqualTo("MISSING_FIELD");
        assertThat(events.frame(c, "{\"action\":\"send\",\"room\":\"bad room\",\"data\":1}").path("code").asText())
                .isEqualTo("MISSING_FIELD");
        String big = "x".repeat(17 * 1024);
        assertThat(events.frame(c, "{\"action\":\"send\",\"room\":\"" + room + "\",\"data\":\"" + big + "\"}")
                .path("code").asText()).isEqualTo("TOO_LARGE");
    }

    @Test
    void whisper_sendsToTheUserAndCountsItsConnections() {
        String to = user();
        connect(to, null);
        connect(to, null);
        String from = connect(user(), null);
        JsonNode ack = events.frame(from, "{\"action\":\"whisper\",\"to\":\"" + to
                + "\",\"data\":\"psst\",\"ack\":true}");
        assertThat(ack.path("delivered").asInt()).isEqualTo(2);
        assertThat(service.calls()).anySatisfy(c -> {
            assertThat(c.is("POST", "/users/" + to + "/:send")).isTrue();
            assertThat(Json.parseOrNull(c.body()).path("type").asText()).isEqualTo("whisper");
        });
        assertThat(events.frame(from, "{\"action\":\"whisper\",\"to\":\" \",\"data\":1}").path("code").asText())
                .isEqualTo("MISSING_FIELD");
        assertThat(events.frame(from, "{\"action\":\"whisper\",\"to\":\"nobody-" + UUID.randomUUID()
                + "\",\"data\":1,\"ack\":true}").path("delivered").asInt()).isZero();
    }

    @Test
    void members_pagesWithCursors_andRefusesForeignCursors() {
        String room = room();
        List<String> users = List.of("m-a-" + room, "m-b-" + room, "m-c-" + room);
        String first = null;
        for (String u : users) {
            String c = connect(u, room);
            first = first == null ? c : first;
        }
        JsonNode joined = events.frame(first, "{\"action\":\"join\",\"room\":\"" + room + "\"}");
        assertThat(joined.path("count").asLong()).isEqualTo(3);
        assertThat(joined.path("members")).hasSize(2);
        String next = joined.path("next").asText();
        assertThat(next).isNotEmpty();
        JsonNode page = events.frame(first, "{\"action\":\"members\",\"room\":\"" + room + "\",\"cursor\":\"" + next
                + "\"}");
        assertThat(page.path("members")).hasSize(1);
        assertThat(page.has("next")).isFalse();
        List<String> seen = new java.util.ArrayList<>();
        joined.path("members").forEach(n -> seen.add(n.asText()));
        page.path("members").forEach(n -> seen.add(n.asText()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(users);
        String tampered = next.substring(0, 5) + (next.charAt(5) == 'A' ? 'B' : 'A') + next.substring(6);
        assertThat(events.frame(first, "{\"action\":\"members\",\"room\":\"" + room + "\",\"cursor\":\"" + tampered
                + "\"}").path("code").asText()).isEqualTo("MISSING_FIELD");
        String other = room();
        String c = connect(user(), other);
        assertThat(events.frame(c, "{\"action\":\"members\",\"room\":\"" + other + "\",\"cursor\":\"" + next
                + "\"}").path("code").asText()).as("a cursor of another room").isEqualTo("MISSING_FIELD");
        assertThat(events.frame(c, "{\"action\":\"members\",\"room\":\"" + room + "\"}").path("code").asText())
                .isEqualTo("NOT_A_MEMBER");
    }

    @Test
    void leave_andDisconnect_announceTheUsersLastConnectionOnly() {
        String room = room();
        String alice = user();
        String a1 = connect(alice, room);
        String a2 = connect(alice, room);
        connect(user(), room);
        service.clear();
        assertThat(events.frame(a1, "{\"action\":\"leave\",\"room\":\"" + room + "\"}").path("type").asText())
                .isEqualTo("left");
        assertThat(service.calls()).anySatisfy(c -> assertThat(c.is("DELETE", "/groups/" + room + "/connections/"
                + a1)).isTrue());
        assertThat(service.calls()).noneSatisfy(c -> assertThat(c.body()).contains("\"leave\""));
        assertThat(events.frame(a1, "{\"action\":\"leave\",\"room\":\"" + room + "\"}").path("code").asText())
                .isEqualTo("NOT_A_MEMBER");
        assertThat(events.disconnected(a2).getStatusCode()).isEqualTo(204);
        assertThat(service.calls()).anySatisfy(c -> assertThat(Json.parseOrNull(c.body())).isEqualTo(
                Json.parseOrNull("{\"type\":\"presence\",\"room\":\"" + room + "\",\"user\":\"" + alice
                        + "\",\"event\":\"leave\"}")));
        assertThat(events.frame(a2, "{\"action\":\"ping\"}").path("type").asText()).isEqualTo("pong");
        assertThat(events.frame(a2, "{\"action\":\"join\",\"room\":\"" + room + "\"}").path("code").asText())
                .as("no record after disconnect").isEqualTo("RATE_LIMITED");
    }

    @Test
    void rateLimit_isTheUsersAcrossConnections() {
        String user = user();
        String c1 = connect(user, null);
        String c2 = connect(user, null);
        String room = room();
        java.time.Instant t = java.time.Instant.now();
        int passed = 0;
        for (int i = 0; i < 30; i++) {
            JsonNode r = events.frameAt(i % 2 == 0 ? c1 : c2, "{\"action\":\"join\",\"room\":\"" + room + "\"}", t);
            if (!"RATE_LIMITED".equals(r.path("code").asText())) {
                passed++;
            }
        }
        // frames that arrive together (the service's ce-time): the burst of 20, both connections together
        assertThat(passed).isEqualTo(20);
        JsonNode later = events.frameAt(c1, "{\"action\":\"join\",\"room\":\"" + room + "\"}",
                t.plusMillis(1000));
        assertThat(later.path("type").asText()).as("a second later, 10 more").isEqualTo("joined");
        assertThat(events.frame(c1, "{\"action\":\"ping\"}").path("type").asText()).as("ping is not counted")
                .isEqualTo("pong");
    }
}
