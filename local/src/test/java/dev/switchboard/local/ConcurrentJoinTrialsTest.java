package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two users who join a room at the same moment see each other (docs/protocol.md, Presence: a join writes before it
 * reads), end to end: real WebSocket clients against the local API running the reference handlers on dynalite.
 * Statistical: 20 trials, each of two fresh users whose {@code join} frames leave at once, five trials at a time;
 * every trial must converge.
 * A join posts its presence before it replies, so the views are read once both replies have arrived.
 */
class ConcurrentJoinTrialsTest {
    static final int TRIALS = 20;
    /** Trials at once: each waits on its joins' round trips and a 150 ms drain per client. */
    static final int CONCURRENT_TRIALS = 5;
    private static Fixture f;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        f = Fixture.reference();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** The users in a client's view: its joined list plus the presence joins it got, minus presence leaves. */
    static Set<String> view(JsonNode joined, WsClient c) throws Exception {
        Set<String> users = new HashSet<>();
        joined.get("members").forEach(u -> users.add(u.asText()));
        for (String frame : c.drain(Duration.ofMillis(150))) {
            JsonNode p = JSON.readTree(frame);
            if ("presence".equals(p.path("type").asText())) {
                if ("join".equals(p.path("event").asText())) {
                    users.add(p.path("user").asText());
                } else {
                    users.remove(p.path("user").asText());
                }
            }
        }
        return users;
    }

    @Test
    void twoUsersJoiningAtOnce_seeEachOther_inEveryTrial() throws Exception {
        // the trials are independent (each its own room and users) and mostly wait on the wire: a few at a time
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_TRIALS);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int trial = 0; trial < TRIALS; trial++) {
                int t = trial;
                outcomes.add(pool.submit(() -> trial(t)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> o : outcomes) {
                String failure = o.get();
                if (failure != null) {
                    failures.add(failure);
                }
            }
            System.out.println("concurrent join trials: " + (TRIALS - failures.size()) + " of " + TRIALS
                    + " converged" + (failures.isEmpty() ? "" : "; " + failures));
            assertThat(failures).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** One trial: two fresh users whose joins leave at once; null if each sees the other, else what they saw. */
    private static String trial(int trial) throws Exception {
        String room = "trial-" + trial;
        String ua = "ta" + trial;
        String ub = "tb" + trial;
        try (WsClient a = f.connect(ua); WsClient b = f.connect(ub)) {
            CountDownLatch go = new CountDownLatch(1);
            Thread ta = new Thread(() -> {
                await(go);
                a.send("{\"action\":\"join\",\"room\":\"" + room + "\"}");
            });
            Thread tb = new Thread(() -> {
                await(go);
                b.send("{\"action\":\"join\",\"room\":\"" + room + "\"}");
            });
            ta.start();
            tb.start();
            go.countDown();
            ta.join();
            tb.join();
            // both replies first: a join posts its presence before it replies, so by then all presence is out
            JsonNode ja = JSON.readTree(a.awaitFrame("\"joined\""));
            JsonNode jb = JSON.readTree(b.awaitFrame("\"joined\""));
            Set<String> va = view(ja, a);
            Set<String> vb = view(jb, b);
            if (!va.contains(ub) || !vb.contains(ua)) {
                return "trial " + trial + ": " + ua + " sees " + va + ", " + ub + " sees " + vb;
            }
            return null;
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
