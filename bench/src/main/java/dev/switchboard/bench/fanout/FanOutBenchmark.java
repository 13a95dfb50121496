package dev.switchboard.bench.fanout;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.ManagementApi;
import dev.switchboard.lambdas.api.SdkManagementApi;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * A broadcast to {@code recipients} connections through a management API that answers after {@code delayMillis}:
 * the shipped {@link Broadcaster} (at most {@code Limits.broadcastConcurrency()} posts in flight, 64 in the reference
 * blueprint) against a sequential loop over the same {@link SdkManagementApi} client, the shape of the handlers
 * in AWS's sample chat app. Each operation is one whole broadcast; the score is its wall time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class FanOutBenchmark {
    @Param("1000")
    public int recipients;

    @Param("10")
    public long delayMillis;

    private SlowManagementApi server;
    private SdkHttpClient http;
    private ManagementApi api;
    private Broadcaster broadcaster;
    private List<Member> members;
    private final byte[] frame = "{\"type\":\"message\",\"room\":\"lobby\",\"data\":\"hello\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = SlowManagementApi.start(delayMillis);
        http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5)).build();
        api = new SdkManagementApi(http, url -> StaticCredentialsProvider.create(
                AwsBasicCredentials.create("local", "local")), "us-east-1", server.callbackUrl());
        int concurrency = Blueprint.reference(Environments.resolve("dev", Map.of())).limits().broadcastConcurrency();
        // no recipient is gone, so the repository (used only to purge 410s) is never called
        broadcaster = new Broadcaster(api, new ConnectionRepository(null, "unused"), concurrency);
        members = new ArrayList<>(recipients);
        for (int i = 0; i < recipients; i++) {
            members.add(new Member(String.format("C%014d=", i), "user-" + i, "us-east-1", server.callbackUrl()));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        server.close();
        http.close();
    }

    /** The shipped bounded-concurrency fan-out. */
    @Benchmark
    public Broadcaster.Result broadcaster() {
        Broadcaster.Result r = broadcaster.fanOut(members, frame, "sender", "lobby");
        if (r.delivered() != recipients) {
            throw new IllegalStateException("delivered " + r.delivered() + " of " + recipients);
        }
        return r;
    }

    /** The baseline: one post after another. */
    @Benchmark
    public int sequential() {
        int delivered = 0;
        for (Member m : members) {
            if (api.post(m, frame) == ManagementApi.Outcome.DELIVERED) {
                delivered++;
            }
        }
        if (delivered != recipients) {
            throw new IllegalStateException("delivered " + delivered + " of " + recipients);
        }
        return delivered;
    }

    /** Posts the server has answered (for the smoke test). */
    public int serverPosts() {
        return server.posts();
    }
}
