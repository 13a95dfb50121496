package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.local.LocalConfig;
import dev.switchboard.local.LocalGateway;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client against the local AWS API (started here, in-process, with a members page of 2): the JavaScript
 * client's scenarios (clients/js/test) — join/send/ack, whisper, presence, member pages, the client-causable errors,
 * an expired token, and reconnect-and-rejoin after DeleteConnection, with the frame in flight failed and the frames
 * queued meanwhile delivered.
 */
class SwitchboardClientTest {
    static final String SECRET = "java-client-test-hs256-secret-at-least-32-bytes";
    static LocalGateway gateway;
    static LocalConfig config;
    static Blueprint blueprint;
    static final AtomicInteger UNIQUE = new AtomicInteger();
    final List<SwitchboardClient> open = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        blueprint = b.withLimits(b.limits().toBuilder().membersPageSize(2).build());
        config = LocalConfig.defaults().withPort(0).withJwtSecret(SECRET).withInvocationThreads(16);
        gateway = LocalGateway.start(blueprint, config);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void closeClients() {
        open.forEach(SwitchboardClient::close);
    }

    static String fresh(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + UNIQUE.incrementAndGet();
    }

    static String token(String user, Clock clock) {
        return new DevTokens(SECRET, config.jwtIssuer(), config.jwtAudience(), Duration.ofMinutes(10), clock)
                .token(user);
    }

    static ClientOptions options(String user, AtomicInteger tokens) {
        return ClientOptions.of(() -> {
            tokens.incrementAndGet();
            return token(user, Clock.systemUTC());
        }).withTransport(Transport.QUERY).withRequestTimeout(Duration.ofSeconds(5))
                .withReconnect(new ReconnectPolicy(5, Duration.ofMillis(20), Duration.ofMillis(200)));
    }

    /** Everything a listener heard, for the tests to wait on. */
    static class Heard implements ClientListener {
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

        @Override
        public void onGap(long from, long to, List<String> rooms, List<String> lostRooms) {
            events.add(new Gap(from, to, rooms));
        }

        @Override
        public void onReconnecting(int attempt, long delayMillis, Integer code, String reason, Integer status) {
            events.add("reconnecting " + attempt);
        }

        record Gap(long from, long to, List<String> rooms) {
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

    SwitchboardClient connect(String user, Heard heard, AtomicInteger tokens) {
        SwitchboardClient c = SwitchboardClient.connect(URI.create(gateway.websocketUrl().toString()),
                options(user, tokens), heard).join();
        open.add(c);
        return c;
    }

    SwitchboardClient connect(String user, Heard heard) {
        return connect(user, heard, new AtomicInteger());
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
    void send_withAck_reachesTheOtherMember_andWhisperReachesItsUser() throws Exception {
        String room = fresh("room");
        String aliceId = fresh("alice");
        String bobId = fresh("bob");
        Heard bobHeard = new Heard();
        SwitchboardClient alice = connect(aliceId, new Heard());
        SwitchboardClient bob = connect(bobId, bobHeard);
        assertThat(alice.transport()).isEqualTo(Transport.QUERY);
        assertThat(alice.join(room).join().room()).isEqualTo(room);
        bob.join(room).join();

        Ack ack = alice.send(room, Map.of("text", "hi")).join();
        ClientListener.Message m = bobHeard.next(ClientListener.Message.class, x -> x.room().equals(room));

        assertThat(ack.delivered()).isEqualTo(1);
        assertThat(m.from()).isEqualTo(aliceId);
        assertThat(m.cid()).isEqualTo(ack.cid());
        assertThat(m.data().path("text").asText()).isEqualTo("hi");
        Ack w = alice.whisper(bobId, "psst", "w-1").join();
        assertThat(w.delivered()).isEqualTo(1);
        assertThat(w.cid()).isEqualTo("w-1");
        assertThat(bobHeard.next(ClientListener.Whisper.class, x -> x.cid().equals("w-1")).data().asText())
                .isEqualTo("psst");
        assertThat(alice.whisper(fresh("nobody"), 1).join().delivered()).isZero();
        assertThat(alice.rooms()).containsExactly(room);
    }

    @Test
    void presence_andMemberPages() throws Exception {
        String room = fresh("room");
        Heard aliceHeard = new Heard();
        SwitchboardClient alice = connect(fresh("alice"), aliceHeard);
        alice.join(room).join();
        Set<String> users = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String u = fresh("m");
            users.add(u);
            connect(u, new Heard()).join(room).join();
            assertThat(aliceHeard.next(ClientListener.Presence.class, p -> p.user().equals(u)).event())
                    .isEqualTo("join");
        }

        List<List<String>> pages = alice.members(room).all().join();

        assertThat(pages).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(2));
        assertThat(pages.stream().flatMap(List::stream).toList()).containsAll(users);
    }

    @Test
    void errors_failTheFutureWithTheProtocolCode_andBadArgumentsAreRefusedLocally() {
        SwitchboardClient alice = connect(fresh("alice"), new Heard());
        String room = fresh("room");
        assertThat(failure(alice.send(room, "x")).code()).isEqualTo("NOT_A_MEMBER");
        alice.join(room).join();
        String tooLarge = "x".repeat(blueprint.limits().maxDataBytes());
        assertThat(failure(alice.send(room, tooLarge)).code()).isEqualTo("TOO_LARGE");
        assertThat(alice.send(room, "fine").join().delivered()).isZero();
        assertThat(failure(alice.join("bad room")).code()).isEqualTo(SwitchboardException.BAD_ARGUMENT);
        assertThat(failure(alice.send(room, null)).code()).isEqualTo(SwitchboardException.BAD_ARGUMENT);
        assertThat(failure(alice.send(room, 1, "c".repeat(65))).code()).isEqualTo(SwitchboardException.BAD_ARGUMENT);
    }

    @Test
    void expiredToken_callsTheTokenCallbackOncePerAttempt_thenGivesUpWithTheStatus() {
        AtomicInteger calls = new AtomicInteger();
        List<String> closes = new CopyOnWriteArrayList<>();
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        ClientOptions o = ClientOptions.of(() -> {
            calls.incrementAndGet();
            return token(fresh("late"), past);
        }).withTransport(Transport.QUERY)
                .withReconnect(new ReconnectPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)));
        SwitchboardClient c = SwitchboardClient.create(URI.create(gateway.websocketUrl().toString()), o,
                new ClientListener() {
                    @Override
                    public void onClose(int code, String reason, Integer status, int attempts, boolean byClient) {
                        closes.add(status + " " + attempts + " " + reason);
                    }
                });

        SwitchboardException e = failure(c.opened());

        assertThat(e.code()).isEqualTo(SwitchboardException.CONNECT_FAILED);
        assertThat(e.status()).isEqualTo(403);
        assertThat(calls.get()).isEqualTo(3);
        assertThat(closes).containsExactly("403 3 gave up after 3 connection attempts: the server answered 403");
        assertThat(failure(c.send("lobby", 1)).code()).isEqualTo(SwitchboardException.CLOSED);
    }

    @Test
    void deleteConnection_reconnectsWithAFreshToken_rejoins_reportsTheGap_andDeliversWhatWasQueued() throws Exception {
        String room = fresh("room");
        String aliceId = fresh("alice");
        Heard aliceHeard = new Heard();
        Heard bobHeard = new Heard();
        AtomicInteger tokens = new AtomicInteger();
        SwitchboardClient alice = connect(aliceId, aliceHeard, tokens);
        SwitchboardClient bob = connect(fresh("bob"), bobHeard);
        alice.join(room).join();
        bob.join(room).join();
        int tokensBefore = tokens.get();

        deleteConnection(alice);
        aliceHeard.next(String.class, s -> s.startsWith("reconnecting"));
        CompletableFuture<Ack> queued = alice.send(room, "sent while away");
        Heard.Gap gap = aliceHeard.next(Heard.Gap.class, g -> true);

        assertThat(gap.rooms()).containsExactly(room);
        assertThat(gap.to()).isGreaterThanOrEqualTo(gap.from());
        assertThat(tokens.get()).isEqualTo(tokensBefore + 1);
        assertThat(queued.get(10, TimeUnit.SECONDS).delivered()).isEqualTo(1);
        assertThat(bobHeard.next(ClientListener.Message.class, m -> m.data().asText().equals("sent while away")).from())
                .isEqualTo(aliceId);
    }

    @Test
    void aSendInFlightWhenTheSocketDrops_failsWithConnectionLost_andTheClientComesBack() throws Exception {
        Heard heard = new Heard();
        SwitchboardClient alice = connect(fresh("alice"), heard);
        String room = fresh("room");
        alice.join(room).join();
        byte[] noise = new byte[105 * 1024];
        new Random(7).nextBytes(noise);

        // a message over 128 KB closes the connection (1009), as on API Gateway: this send is in flight when it does
        // (the JDK writes a long message in several frames, so the 32 KB frame limit does not apply)
        SwitchboardException lost = failure(alice.send(room, java.util.Base64.getEncoder().encodeToString(noise)));

        assertThat(lost.code()).isEqualTo(SwitchboardException.CONNECTION_LOST);
        assertThat(lost.cid()).isNotNull();
        heard.next(Heard.Gap.class, g -> g.rooms().contains(room));
        assertThat(alice.send(room, "back").join().delivered()).isZero();
    }

    @Test
    void whileDisconnected_sendsQueueUpToMaxQueued_andOneMoreFailsWithQueueFull() throws Exception {
        String room = fresh("room");
        AtomicReference<SwitchboardClient> client = new AtomicReference<>();
        List<CompletableFuture<Ack>> sends = new CopyOnWriteArrayList<>();
        Heard heard = new Heard() {
            @Override
            public void onReconnecting(int attempt, long delayMillis, Integer code, String reason, Integer status) {
                if (attempt == 1) {
                    for (int i = 0; i < 3; i++) {
                        sends.add(client.get().send(room, i));
                    }
                }
                super.onReconnecting(attempt, delayMillis, code, reason, status);
            }
        };
        client.set(SwitchboardClient.connect(URI.create(gateway.websocketUrl().toString()),
                options(fresh("alice"), new AtomicInteger()).withMaxQueued(2), heard).join());
        open.add(client.get());
        client.get().join(room).join();

        deleteConnection(client.get());
        heard.next(Heard.Gap.class, g -> true);

        assertThat(sends).hasSize(3);
        assertThat(sends.get(0).get(10, TimeUnit.SECONDS).delivered()).isZero();
        assertThat(sends.get(1).get(10, TimeUnit.SECONDS).delivered()).isZero();
        assertThat(failure(sends.get(2)).code()).isEqualTo(SwitchboardException.QUEUE_FULL);
    }

    @Test
    void headerTransport_selectsSwitchboardV2() {
        SwitchboardClient c = SwitchboardClient.connect(URI.create(gateway.websocketUrl().toString()),
                options(fresh("alice"), new AtomicInteger()).withTransport(Transport.HEADER)
                        .withReconnect(ReconnectPolicy.NEVER), null).join();
        open.add(c);
        assertThat(c.transport()).isEqualTo(Transport.HEADER);
        String room = fresh("room");
        c.join(room).join();
        assertThat(c.send(room, "via header").join().delivered()).isZero();
    }

    private static void deleteConnection(SwitchboardClient c) throws Exception {
        String id = c.ping().join();
        URI uri = URI.create(gateway.managementUrl() + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(204);
    }
}
