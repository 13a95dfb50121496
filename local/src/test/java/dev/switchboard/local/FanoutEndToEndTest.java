package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Limits;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.fanout.FanoutClients;
import dev.switchboard.lambdas.fanout.FanoutStore;
import dev.switchboard.lambdas.fanout.Shard;
import dev.switchboard.lambdas.fanout.ShardedFanOut;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sharded fan-out end to end on the local API: a WebSocket {@code send} to a room above the threshold, ElasticMQ (a real SQS-compatible server) holds the shards, the
 * fan-out function consumes them as Lambda's event source mapping does, and real WebSocket clients receive the posts.
 * The blueprint shards rooms above 5 recipients, 5 a shard. Two members live in "another region" whose management API
 * fails each connection's first post (HTTP 500), so the shard holding them is reported in {@code batchItemFailures}
 * and comes back after its backoff: every member must be reached once and none twice, also when SQS delivers an
 * already completed shard again (standard queues deliver at least once,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues-at-least-once-delivery.html).
 */
class FanoutEndToEndTest {
    private static final int CLIENTS = 12;
    private static Fixture f;
    private static HttpServer flaky;
    private static final Map<String, AtomicInteger> flakyPosts = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> flakyDelivered = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Blueprint b = Fixture.referenceBlueprint();
        b = b.withLimits(b.limits().toBuilder().fanoutShardThreshold(5).fanoutShardSize(5).build());
        f = new Fixture(b, LocalConfig.defaults());
        flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        flaky.createContext("/dev/@connections/", ex -> {
            String id = ex.getRequestURI().getPath().substring("/dev/@connections/".length());
            ex.getRequestBody().readAllBytes();
            int n = flakyPosts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (n > 1) {
                flakyDelivered.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
            ex.sendResponseHeaders(n == 1 ? 500 : 200, -1);
            ex.close();
        });
        flaky.start();
    }

    @AfterAll
    static void stop() {
        flaky.stop(0);
        f.close();
    }

    @Test
    void shardedRoom_everyMemberReachedOnce_includingARetriedShardAndARedeliveredOne() throws Exception {
        // GIVEN 12 clients in room "big" and 2 members whose region's management API fails their first post
        List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(WsClient.connect(f.uri("u" + i, "big")));
        }
        String table = f.gateway.connectionTable();
        ConnectionRepository repo = new ConnectionRepository(f.dynamo, table);
        String flakyUrl = "http://127.0.0.1:" + flaky.getAddress().getPort() + "/dev";
        for (String id : List.of("FLAKY000000001=", "FLAKY000000002=")) {
            repo.addMembership(new Member(id, "remote-" + id, "eu-west-1", flakyUrl, 1L), "big",
                    System.currentTimeMillis() / 1000 + 3600);
        }
        List<Member> members = repo.roomMembers("big");
        assertThat(members).hasSize(CLIENTS + 2);
        String sender = members.stream().filter(m -> m.userId().equals("u0")).findFirst().orElseThrow().connectionId();
        for (WsClient c : clients) {
            c.drain(Duration.ofMillis(300)); // presence frames of the joins
        }

        // WHEN u0 sends to the room and asks for an ack
        String ackText = clients.get(0).ask("{\"action\":\"send\",\"room\":\"big\",\"data\":\"hello big\",\"ack\":true}");

        // THEN the ack says 13 recipients were queued, none delivered inline
        JsonNode ack = Json.parseOrNull(ackText);
        assertThat(ack.get("type").asText()).isEqualTo("ack");
        assertThat(ack.get("queued").asInt()).isEqualTo(CLIENTS + 1);
        assertThat(ack.get("delivered").asInt()).isZero();
        String id = ack.get("id").asText();
        // and every client but the sender gets the frame once
        String received = null;
        for (WsClient c : clients.subList(1, CLIENTS)) {
            received = c.awaitFrame("hello big");
            assertThat(received).contains(id);
        }
        byte[] frame = received.getBytes(StandardCharsets.UTF_8);
        ShardedFanOut sharded = FanoutClients.shardedFanOut(f.gateway.environment(Fixture.referenceBlueprint()
                .function("send")));
        // and the flaky members once, after their shard's retry
        Fixture.await(Duration.ofSeconds(30), () -> flakyDelivered.size() == 2, "the retried shard");
        assertThat(flakyPosts.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(2));
        Fixture.await(Duration.ofSeconds(10), () -> shardsDone(id) == 3, "three completed progress records");

        // WHEN SQS delivers every shard once more
        String queueUrl = sharded.config().queueUrl();
        long invocations = f.gateway.fanoutForTests().poller().invocations();
        for (Map<String, AttributeValue> item : progressItems(id)) {
            int shard = Integer.parseInt(item.get("sk").s().substring(FanoutStore.SHARD_PREFIX.length()));
            List<Member> page = members.stream().filter(m -> !m.connectionId().equals(sender)).toList()
                    .subList(shard * 5, Math.min(CLIENTS + 1, shard * 5 + 5));
            String body = new Shard(id, "big", sender, shard, frame, false, page).toJson();
            f.gateway.fanoutForTests().sqs().client().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        }
        Fixture.await(Duration.ofSeconds(20), () -> f.gateway.fanoutForTests().poller().invocations() >= invocations + 3,
                "the redelivered shards to be consumed");

        // THEN nobody gets a second copy
        assertThat(clients.get(0).drain(Duration.ofMillis(500))).noneMatch(x -> x.contains("hello big"));
        for (WsClient c : clients.subList(1, CLIENTS)) {
            assertThat(c.drain(Duration.ofMillis(200))).noneMatch(x -> x.contains("hello big"));
        }
        assertThat(flakyDelivered.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        clients.forEach(WsClient::close);
    }

    private static List<Map<String, AttributeValue>> progressItems(String id) {
        return f.items().stream().filter(i -> (FanoutStore.FANOUT_PREFIX + id).equals(i.get("pk").s())).toList();
    }

    private static long shardsDone(String id) {
        return progressItems(id).stream().filter(i -> Boolean.TRUE.equals(i.get(FanoutStore.DONE).bool())).count();
    }
}
