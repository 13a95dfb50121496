package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.lambdas.api.HandlerConfig;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.api.ManagementApi;
import dev.switchboard.lambdas.api.Telemetry;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concurrent joins, deterministically interleaved: the repository's room writes and room reads of two joining
 * connections run one at a time in every order their programs allow (a {@link Gate} decides who goes next), against
 * dynalite, through {@link RoomsHandler}. After each schedule every member's view (its {@code joined} list plus the
 * presence {@code join} events it received) must hold the others (docs/protocol.md, Presence).
 */
class PresenceConvergenceTest {
    static Harness h;

    @BeforeAll
    static void start() {
        h = new Harness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** Every way to interleave two joiners' two gated repository calls each. */
    static final List<List<String>> SCHEDULES = List.of(
            List.of("a", "a", "b", "b"), List.of("a", "b", "a", "b"), List.of("a", "b", "b", "a"),
            List.of("b", "a", "a", "b"), List.of("b", "a", "b", "a"), List.of("b", "b", "a", "a"));

    @Test
    void join_twoUsersAtOnce_eachEndsUpSeeingTheOther_inEveryInterleaving() throws Exception {
        int schedule = 0;
        for (List<String> order : SCHEDULES) {
            // GIVEN an empty room and two users, alice (a) and bob (b)
            String room = "r-conv-" + schedule++;
            World w = new World(order);
            Member alice = w.open("alice", 1_000);
            Member bob = w.open("bob", 2_000);
            // WHEN both join at once, their repository calls interleaved as scheduled
            Map<String, JsonNode> replies = w.joinTogether(room, Map.of("a", alice, "b", bob));
            // THEN each one's view holds the other
            assertThat(w.view(alice, replies.get("a"))).as("alice's view, schedule %s", order).contains("bob");
            assertThat(w.view(bob, replies.get("b"))).as("bob's view, schedule %s", order).contains("alice");
        }
    }

    @Test
    void join_twoConnectionsOfOneUserAtOnce_announceTheUserToTheRoom_inEveryInterleaving() throws Exception {
        int schedule = 0;
        for (List<String> order : SCHEDULES) {
            // GIVEN carol in a room, and dave opening two tabs
            String room = "r-tabs-" + schedule++;
            World w = new World(List.of());
            Member carol = w.open("carol", 500);
            JsonNode carolJoined = w.join(carol, room);
            w.gate.reset(order);
            Member tab1 = w.open("dave", 1_000);
            Member tab2 = w.open("dave", 2_000);
            // WHEN both tabs join at once
            Map<String, JsonNode> replies = w.joinTogether(room, Map.of("a", tab1, "b", tab2));
            // THEN carol learned of dave, and both tabs list carol
            assertThat(w.view(carol, carolJoined)).as("carol's view, schedule %s", order).contains("dave");
            assertThat(w.view(tab1, replies.get("a"))).contains("carol");
            assertThat(w.view(tab2, replies.get("b"))).contains("carol");
        }
    }

    @Test
    void leaveOfOneTab_whileTheOtherJoins_neverLeavesTheUserAnnouncedGone() throws Exception {
        int schedule = 0;
        for (List<String> order : SCHEDULES) {
            // GIVEN erin in a room and fay there with tab1; fay's tab2 joins as tab1 leaves
            String room = "r-swap-" + schedule++;
            World w = new World(List.of());
            Member erin = w.open("erin", 500);
            w.join(erin, room);
            Member tab1 = w.open("fay", 1_000);
            w.join(tab1, room);
            Member tab2 = w.open("fay", 2_000);
            w.api.posts.clear();
            w.gate.reset(order);
            // WHEN tab2 joins while tab1 leaves
            Map<String, JsonNode> replies = w.together(Map.of("a", () -> w.call(tab2, "join", room),
                    "b", () -> w.call(tab1, "leave", room)));
            assertThat(replies.get("a").path("type").asText()).isEqualTo("joined");
            assertThat(replies.get("b").path("type").asText()).isEqualTo("left");
            // THEN erin did not get a leave for fay unless a join followed it
            List<String> events = w.api.presence(erin.connectionId(), "fay");
            assertThat(events.isEmpty() || events.get(events.size() - 1).equals("join"))
                    .as("erin's presence events for fay %s, schedule %s", events, order).isTrue();
        }
    }

    /** One handler world over dynalite with a gated repository and a recording management API. */
    static final class World {
        final Gate gate;
        final RecordingApi api = new RecordingApi();
        final RoomsHandler rooms;
        final ConnectHandler connect;
        final Map<String, String> users = new ConcurrentHashMap<>();

        World(List<String> order) {
            gate = new Gate(order);
            // every interleaving opens the same users again without closing: no per-user connection cap here
            HandlerConfig config = HandlerConfig.fromEnv(h.env(Map.of(EnvVars.MAX_CONNECTIONS_PER_USER, "1000")));
            ConnectionRepository repo = new GatedRepository(h, gate);
            HandlerContext ctx = new HandlerContext(config, repo, api,
                    new Telemetry("switchboard", h.logs::add, Clock.systemUTC()), Clock.systemUTC());
            rooms = new RoomsHandler(ctx);
            connect = new ConnectHandler(ctx);
        }

        Member open(String user, long ageMillis) {
            String id = Harness.newConnectionId();
            var e = Harness.connectEvent(id, user, null);
            ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("requestContext"))
                    .put("connectedAt", System.currentTimeMillis() - 60_000 - 10_000 + ageMillis);
            assertThat(Harness.call(connect, e).path("statusCode").asInt()).isEqualTo(200);
            users.put(id, user);
            return new Member(id, user, "us-east-1", h.api.callbackUrl(),
                    e.get("requestContext").get("connectedAt").asLong());
        }

        JsonNode join(Member m, String room) {
            return call(m, "join", room);
        }

        JsonNode call(Member m, String action, String room) {
            var e = Harness.messageEvent(m.connectionId(), m.userId(),
                    Json.object().put("action", action).put("room", room));
            ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("requestContext"))
                    .put("connectedAt", m.connectedAt());
            return Harness.body(Harness.call(rooms, e));
        }

        Map<String, JsonNode> joinTogether(String room, Map<String, Member> who) throws Exception {
            Map<String, Supplier<JsonNode>> tasks = new java.util.HashMap<>();
            who.forEach((k, m) -> tasks.put(k, () -> join(m, room)));
            return together(tasks);
        }

        /** Runs each task on a thread named by its key, so that the gate knows whose call is whose. */
        Map<String, JsonNode> together(Map<String, Supplier<JsonNode>> tasks) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
            try {
                Map<String, Future<JsonNode>> futures = new java.util.HashMap<>();
                tasks.forEach((k, t) -> futures.put(k, pool.submit(() -> {
                    Thread.currentThread().setName(k);
                    return t.get();
                })));
                Map<String, JsonNode> out = new java.util.HashMap<>();
                for (var f : futures.entrySet()) {
                    out.put(f.getKey(), f.getValue().get(20, TimeUnit.SECONDS));
                }
                return out;
            } finally {
                pool.shutdownNow();
                gate.reset(List.of());
            }
        }

        /** Users in {@code m}'s view: its joined list plus the users of the presence joins it received. */
        Set<String> view(Member m, JsonNode joined) {
            Set<String> out = new HashSet<>();
            joined.path("members").forEach(u -> out.add(u.asText()));
            for (JsonNode f : api.frames(m.connectionId())) {
                if ("presence".equals(f.path("type").asText())) {
                    if ("join".equals(f.path("event").asText())) {
                        out.add(f.path("user").asText());
                    } else {
                        out.remove(f.path("user").asText());
                    }
                }
            }
            return out;
        }
    }

    /**
     * Lets the room writes and room reads of the threads named in a schedule run one at a time, in the schedule's
     * order; calls beyond the schedule, or of threads not in it, run freely.
     */
    static final class Gate {
        private List<String> order;
        private int next;

        Gate(List<String> order) {
            reset(order);
        }

        synchronized void reset(List<String> o) {
            order = new ArrayList<>(o);
            next = 0;
            notifyAll();
        }

        <T> T run(Supplier<T> call) {
            String who = Thread.currentThread().getName();
            synchronized (this) {
                long until = System.currentTimeMillis() + 10_000;
                while (order.contains(who) && next < order.size() && !order.get(next).equals(who)) {
                    long left = until - System.currentTimeMillis();
                    if (left <= 0) {
                        throw new IllegalStateException("gate: " + who + " waited for its turn in " + order);
                    }
                    try {
                        wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                boolean scheduled = order.contains(who) && next < order.size();
                try {
                    return call.get();
                } finally {
                    if (scheduled) {
                        next++;
                        notifyAll();
                    }
                }
            }
        }
    }

    /** The real repository over dynalite, with its room writes and reads passed through the gate. */
    static final class GatedRepository extends ConnectionRepository {
        private final Gate gate;

        GatedRepository(Harness h, Gate gate) {
            super(h.dynamo, h.table);
            this.gate = gate;
        }

        @Override
        public boolean addMembership(Member m, String room, long ttl) {
            return gate.run(() -> super.addMembership(m, room, ttl));
        }

        @Override
        public boolean removeMembership(String connectionId, String room) {
            return gate.run(() -> super.removeMembership(connectionId, room));
        }

        @Override
        public RoomPage roomPage(String room, String after, int maxUsers, int maxItems, boolean consistent) {
            return gate.run(() -> super.roomPage(room, after, maxUsers, maxItems, consistent));
        }
    }

    /** Records every post; every connection is live. */
    static final class RecordingApi implements ManagementApi {
        final List<Map.Entry<String, JsonNode>> posts = new CopyOnWriteArrayList<>();

        @Override
        public Outcome post(Member recipient, byte[] frame) {
            posts.add(Map.entry(recipient.connectionId(), Json.parseOrNull(new String(frame))));
            return Outcome.DELIVERED;
        }

        List<JsonNode> frames(String connectionId) {
            return posts.stream().filter(p -> p.getKey().equals(connectionId)).map(Map.Entry::getValue).toList();
        }

        List<String> presence(String connectionId, String user) {
            return frames(connectionId).stream().filter(f -> "presence".equals(f.path("type").asText())
                    && user.equals(f.path("user").asText())).map(f -> f.path("event").asText()).toList();
        }
    }
}
