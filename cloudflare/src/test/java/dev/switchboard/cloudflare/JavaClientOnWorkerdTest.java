package dev.switchboard.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.client.Ack;
import dev.switchboard.client.ClientListener;
import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.ReconnectPolicy;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.SwitchboardException;
import dev.switchboard.client.Transport;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.jsplatforms.Repo;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client (clients/java) against the Worker in workerd, the scenarios its own SwitchboardClientTest runs
 * against the local AWS API that apply to a platform without a management API: join/send/ack, whisper, presence,
 * member pages (a page of 2 users here), the protocol's errors, an expired token, the header transport.
 */
class JavaClientOnWorkerdTest {
    static final String SECRET = "java-client-workerd-hs256-secret-at-least-32-bytes";
    static LocalWorkerd workerd;
    static Blueprint blueprint;
    static final AtomicInteger UNIQUE = new AtomicInteger();
    final List<SwitchboardClient> open = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        blueprint = b.withLimits(b.limits().toBuilder().membersPageSize(2).build());
        workerd = LocalWorkerd.start(Repo.locate(), blueprint, 0, SECRET, null, 2, false);
    }

    @AfterAll
    static void stop() {
        workerd.close();
    }

    @AfterEach
    void closeClients() {
        open.forEach(SwitchboardClient::close);
    }

    static String fresh(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + UNIQUE.incrementAndGet();
    }

    static String token(String user, Clock clock) {
        return new DevTokens(SECRET, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE, Duration.ofMinutes(10),
                clock).token(user);
    }

    static ClientOptions options(String user) {
        return ClientOptions.of(() -> token(user, Clock.systemUTC())).withTransport(Transport.QUERY)
                .withRequestTimeout(Duration.ofSeconds(5))
                .withReconnect(new ReconnectPolicy(3, Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    /** The frames a listener heard. */
    static final class Heard implements ClientListener {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(Message m) {
            events.add(m);
        }

        @Override
        public void onWhisper(Whisper w) {
            events.add(w);
        }

        @Override
        public void onPresence(Presence p) {
            events.add(p);
        }

        <T> T next(Class<T> type, java.util.function.Predicate<T> p) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                Object e = events.poll(100, TimeUnit.MILLISECONDS);
                if (type.isInstance(e) && p.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            throw new AssertionError("no matching " + type.getSimpleName() + " within 10 s");
        }
    }

    SwitchboardClient connect(String user, Heard heard, ClientOptions o) {
        SwitchboardClient c = SwitchboardClient.connect(URI.create(workerd.websocketUrl()), o, heard).join();
        open.add(c);
        return c;
    }

    static SwitchboardException failure(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(SwitchboardException.class);
            return (SwitchboardException) e.getCause();
        }
        throw new AssertionError("expected a failure, got " + f.join());
    }

    @Test
    void sendWhisperPresenceAndPages_onTheWorker() throws Exception {
        String room = fresh("room");
        String aliceId = fresh("alice");
        String bobId = fresh("bob");
        Heard aliceHeard = new Heard();
        Heard bobHeard = new Heard();
        SwitchboardClient alice = connect(aliceId, aliceHeard, options(aliceId));
        alice.join(room).join();
        SwitchboardClient bob = connect(bobId, bobHeard, options(bobId));
        bob.join(room).join();
        assertThat(aliceHeard.next(ClientListener.Presence.class, p -> p.user().equals(bobId)).event())
                .isEqualTo("join");
        String carolId = fresh("carol");
        connect(carolId, new Heard(), options(carolId)).join(room).join();

        Ack ack = alice.send(room, Map.of("text", "hi")).join();
        Ack w = alice.whisper(bobId, "psst").join();
        List<List<String>> pages = bob.members(room).all().join();

        assertThat(ack.delivered()).isEqualTo(2);
        assertThat(bobHeard.next(ClientListener.Message.class, m -> m.cid().equals(ack.cid())).from())
                .isEqualTo(aliceId);
        assertThat(w.delivered()).isEqualTo(1);
        assertThat(bobHeard.next(ClientListener.Whisper.class, x -> x.cid().equals(w.cid())).data().asText())
                .isEqualTo("psst");
        assertThat(pages).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(2));
        assertThat(pages.stream().flatMap(List::stream).distinct().sorted().toList())
                .isEqualTo(List.of(aliceId, bobId, carolId).stream().sorted().toList());
    }

    @Test
    void protocolErrors_failTheFuture_onTheWorker() {
        String aliceId = fresh("alice");
        SwitchboardClient alice = connect(aliceId, new Heard(), options(aliceId));
        String room = fresh("room");
        assertThat(failure(alice.send(room, "x")).code()).isEqualTo("NOT_A_MEMBER");
        alice.join(room).join();
        String tooLarge = "x".repeat(blueprint.limits().maxDataBytes());
        assertThat(failure(alice.send(room, tooLarge)).code()).isEqualTo("TOO_LARGE");
        assertThat(alice.send(room, "fine").join().delivered()).isZero();
    }

    @Test
    void expiredToken_givesUpWithTheStatus_onTheWorker() {
        AtomicInteger calls = new AtomicInteger();
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        ClientOptions o = ClientOptions.of(() -> {
            calls.incrementAndGet();
            return token(fresh("late"), past);
        }).withTransport(Transport.QUERY)
                .withReconnect(new ReconnectPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50)));
        SwitchboardClient c = SwitchboardClient.create(URI.create(workerd.websocketUrl()), o, null);

        SwitchboardException e = failure(c.opened());

        assertThat(e.code()).isEqualTo(SwitchboardException.CONNECT_FAILED);
        assertThat(e.status()).isEqualTo(403);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void headerTransport_selectsSwitchboardV2_onTheWorker() {
        String aliceId = fresh("alice");
        SwitchboardClient c = connect(aliceId, new Heard(), options(aliceId).withTransport(Transport.HEADER)
                .withReconnect(ReconnectPolicy.NEVER));
        assertThat(c.transport()).isEqualTo(Transport.HEADER);
        String room = fresh("room");
        c.join(room).join();
        assertThat(c.send(room, "via header").join().delivered()).isZero();
    }
}
