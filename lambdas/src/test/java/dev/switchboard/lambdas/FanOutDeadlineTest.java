package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.HandlerConfig;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.InvocationDeadlines;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ManagementApi;
import dev.switchboard.lambdas.api.Telemetry;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fan-out is bounded by the invocation's remaining time ({@code Context.getRemainingTimeInMillis}: "Returns the
 * number of milliseconds left before the execution times out",
 * https://docs.aws.amazon.com/lambda/latest/dg/java-context.html): a send whose posts cannot all finish stops
 * {@link Broadcaster#DEADLINE_MARGIN_MILLIS} before the deadline, acks what it delivered and what it did not, logs
 * it, and returns before Lambda would kill it (a killed invocation answers the sender nothing).
 */
class FanOutDeadlineTest {
    static Harness h;

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** Posts to the sender at once, to everybody else after 300 ms. */
    static final class SlowApi implements ManagementApi {
        final String sender;
        final List<String> toSender = new CopyOnWriteArrayList<>();

        SlowApi(String sender) {
            this.sender = sender;
        }

        @Override
        public Outcome post(Member recipient, byte[] frame) {
            if (recipient.connectionId().equals(sender)) {
                toSender.add(new String(frame));
                return Outcome.DELIVERED;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.FAILED;
            }
            return Outcome.DELIVERED;
        }
    }

    @Test
    void send_thatCannotFinishBeforeTheDeadline_acksDeliveredAndUndelivered_andReturnsInTime() throws Exception {
        // GIVEN a room of a sender and 10 recipients whose posts take 300 ms each, 2 in flight
        String sender = Harness.newConnectionId();
        SlowApi api = new SlowApi(sender);
        HandlerConfig config = HandlerConfig.fromEnv(h.env(Map.of("BROADCAST_CONCURRENCY", "2")));
        ConnectionRepository repo = new ConnectionRepository(h.dynamo, h.table);
        List<String> logs = new CopyOnWriteArrayList<>();
        HandlerContext ctx = new HandlerContext(config, repo, api, new Telemetry("switchboard", logs::add,
                Clock.systemUTC()), Clock.systemUTC());
        Harness.call(new ConnectHandler(ctx), Harness.connectEvent(sender, "sender", "r-deadline"));
        for (int i = 0; i < 10; i++) {
            Member m = new Member(Harness.newConnectionId(), "r" + i, "us-east-1", h.api.callbackUrl(), 1L);
            repo.putConnection(m, 1L, Harness.ttl());
            repo.addMembership(m, "r-deadline", Harness.ttl());
        }
        // WHEN it sends with 2 s left in the invocation (the fan-out would need 1.5 s; it may use 1 s)
        JsonNode event = Harness.messageEvent(sender, "sender", Json.parseOrNull(
                "{\"action\":\"send\",\"room\":\"r-deadline\",\"data\":1,\"ack\":true,\"cid\":\"c-1\"}"));
        long start = System.currentTimeMillis();
        new SendHandler(ctx).handleRequest(new ByteArrayInputStream(Json.bytes(event)), new ByteArrayOutputStream(),
                InvocationDeadlines.lambdaContext(2_000));
        long took = System.currentTimeMillis() - start;
        // THEN it answered within its time, with what it delivered and what it did not
        assertThat(took).isLessThan(1_500);
        assertThat(api.toSender).singleElement().satisfies(a -> {
            JsonNode ack = Json.parseOrNull(a);
            assertThat(ack.get("type").asText()).isEqualTo("ack");
            assertThat(ack.get("cid").asText()).isEqualTo("c-1");
            assertThat(ack.get("undelivered").asInt()).isPositive();
            assertThat(ack.get("delivered").asInt() + ack.get("undelivered").asInt()).isEqualTo(10);
        });
        assertThat(logs).anyMatch(l -> l.contains("\"level\":\"WARN\"") && l.contains("fan-out stopped at deadline")
                && l.contains("\"undelivered\""));
    }

    @Test
    void join_whosePresenceCannotFinishBeforeTheDeadline_returnsInTime() throws Exception {
        // GIVEN a room of 10 members whose presence posts take 300 ms each, 2 in flight
        String joiner = Harness.newConnectionId();
        SlowApi api = new SlowApi(joiner);
        HandlerConfig config = HandlerConfig.fromEnv(h.env(Map.of("BROADCAST_CONCURRENCY", "2")));
        ConnectionRepository repo = new ConnectionRepository(h.dynamo, h.table);
        HandlerContext ctx = new HandlerContext(config, repo, api, new Telemetry("switchboard", l -> { },
                Clock.systemUTC()), Clock.systemUTC());
        Harness.call(new ConnectHandler(ctx), Harness.connectEvent(joiner, "joiner", null));
        for (int i = 0; i < 10; i++) {
            Member m = new Member(Harness.newConnectionId(), "p" + i, "us-east-1", h.api.callbackUrl(), 1L);
            repo.putConnection(m, 1L, Harness.ttl());
            repo.addMembership(m, "r-presence-deadline", Harness.ttl());
        }
        // WHEN it joins with 2 s left (the presence fan-out would need 1.5 s; it may use 1 s): Rooms passes no
        // deadline, the fan-out takes the invocation's own (InvocationDeadline)
        JsonNode event = Harness.messageEvent(joiner, "joiner", Json.parseOrNull(
                "{\"action\":\"join\",\"room\":\"r-presence-deadline\"}"));
        long start = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RoomsHandler(ctx).handleRequest(new ByteArrayInputStream(Json.bytes(event)), out,
                InvocationDeadlines.lambdaContext(2_000));
        long took = System.currentTimeMillis() - start;
        // THEN it answered joined within its time
        assertThat(took).isLessThan(1_500);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("joined");
    }
}
