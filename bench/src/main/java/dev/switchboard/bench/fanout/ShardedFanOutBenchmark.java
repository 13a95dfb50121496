package dev.switchboard.bench.fanout;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import dev.switchboard.lambdas.api.Broadcaster;
import dev.switchboard.lambdas.api.ManagementApi;
import dev.switchboard.lambdas.api.SdkManagementApi;
import dev.switchboard.lambdas.fanout.FanoutConfig;
import dev.switchboard.lambdas.fanout.FanoutHandler;
import dev.switchboard.lambdas.fanout.FanoutStore;
import dev.switchboard.lambdas.fanout.ShardWorker;
import dev.switchboard.lambdas.fanout.ShardedFanOut;
import dev.switchboard.lambdas.fanout.SqsShardQueue;
import dev.switchboard.lambdas.store.ConnectionRepository;
import dev.switchboard.lambdas.store.Member;
import dev.switchboard.local.fanout.LocalSqs;
import dev.switchboard.local.fanout.ShardPoller;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One message to a room of {@code --members} (default 100,000) recipients behind the slow management API (answers
 * after {@code --delay-ms}, default 20): the inline path (the shipped {@link Broadcaster}, 64 in flight, as the
 * {@code send} function posts up to the threshold) against the sharded path (shards of 250 on a real SQS-compatible
 * queue, ElasticMQ, consumed by 1, 2 and 4 fan-out instances, each with its own 64 posts in flight, as Lambda runs
 * them; progress records in dynalite). Prints posts per second, process CPU per post and checks that every member was
 * posted to exactly once. Not a test: run it on a quiet machine (BENCHMARKS.md).
 *
 * <pre>bench/bench.sh sharded-fanout [--members 100000] [--delay-ms 20] [--consumers 1,2,4] [--skip-inline]</pre>
 */
public final class ShardedFanOutBenchmark {
    /** One measured run. */
    public record Run(String path, int consumers, int members, Duration wall, double postsPerSecond,
                      double cpuMicrosPerPost, int reachedOnce, int reachedTwiceOrMore, int missed) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-8s consumers=%d members=%,d wall=%,d ms posts/s=%,.0f cpu/post=%.1f us"
                            + " once=%,d twice+=%d missed=%d", path, consumers, members, wall.toMillis(),
                    postsPerSecond, cpuMicrosPerPost, reachedOnce, reachedTwiceOrMore, missed);
        }
    }

    private ShardedFanOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int members = 100_000;
        long delay = 20;
        List<Integer> consumers = List.of(1, 2, 4);
        boolean inline = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--members" -> members = Integer.parseInt(args[++i]);
                case "--delay-ms" -> delay = Long.parseLong(args[++i]);
                case "--consumers" -> consumers = java.util.Arrays.stream(args[++i].split(","))
                        .map(String::trim).map(Integer::parseInt).toList();
                case "--skip-inline" -> inline = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "load: %s%n", String.join(" ", java.nio.file.Files.readString(
                java.nio.file.Path.of("/proc/loadavg")).trim()));
        for (Run r : run(members, delay, consumers, inline)) {
            System.out.println(r);
        }
    }

    /** Runs the inline path (if {@code inline}) and the sharded path with each number of consumers. */
    public static List<Run> run(int members, long delayMillis, List<Integer> consumerCounts, boolean inline)
            throws Exception {
        Blueprint bp = Blueprint.reference(Environments.resolve("dev", Map.of()));
        List<Run> runs = new ArrayList<>();
        try (SlowManagementApi server = SlowManagementApi.start(delayMillis);
             DynaliteProcess dynalite = DynaliteProcess.start();
             LocalSqs sqs = LocalSqs.start(bp)) {
            DynamoDbClient dynamo = LocalClients.dynamoDb(dynalite.endpoint());
            String table = TableBootstrap.createTables(dynamo, bp).get(0);
            ConnectionRepository repo = new ConnectionRepository(dynamo, table);
            SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(10)).build();
            int concurrency = bp.limits().broadcastConcurrency();
            byte[] frame = "{\"type\":\"message\",\"room\":\"stadium\",\"from\":\"u0\",\"data\":\"goal\"}"
                    .getBytes(StandardCharsets.UTF_8);
            int round = 0;
            if (inline) {
                List<Member> room = room(server, "i" + round++ + "-", members);
                Broadcaster b = new Broadcaster(api(http, server), repo, concurrency);
                long cpu0 = cpu();
                long t0 = System.nanoTime();
                b.fanOut(room, frame, "sender", "stadium");
                runs.add(result("inline", 1, room, server, System.nanoTime() - t0, cpu() - cpu0));
            }
            String arn = sqs.client().getQueueAttributes(q -> q.queueUrl(sqs.queueUrl())
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            FanoutSpec spec = bp.fanout();
            FanoutConfig config = new FanoutConfig(bp.limits().fanoutShardThreshold(), bp.limits().fanoutShardSize(),
                    sqs.queueUrl(), sqs.endpoint(), spec.retryBaseSeconds(), spec.visibilityTimeoutSeconds(),
                    FanoutConfig.PROGRESS_TTL_SECONDS);
            FanoutStore store = new FanoutStore(dynamo, table);
            for (int n : consumerCounts) {
                List<Member> room = room(server, "s" + round++ + "-", members);
                List<ShardPoller> pollers = new ArrayList<>();
                for (int c = 0; c < n; c++) {
                    ShardWorker w = new ShardWorker(new Broadcaster(api(http, server), repo, concurrency), store,
                            concurrency, FanoutConfig.PROGRESS_TTL_SECONDS, System::currentTimeMillis);
                    pollers.add(new ShardPoller(sqs.client(), sqs.queueUrl(), arn,
                            new FanoutHandler(w, new SqsShardQueue(sqs.client(), sqs.queueUrl()), config), 1,
                            spec.batchSize()));
                }
                ShardedFanOut producer = new ShardedFanOut(config, new SqsShardQueue(sqs.client(), sqs.queueUrl()),
                        () -> store, FanoutSpec.SQS_MAX_MESSAGE_BYTES);
                int before = server.posts();
                long cpu0 = cpu();
                long t0 = System.nanoTime();
                producer.enqueue("bench-" + round + "-" + System.nanoTime(), "stadium", "sender", room, frame,
                        System.currentTimeMillis());
                long deadline = t0 + Duration.ofMinutes(10).toNanos();
                while (server.posts() - before < room.size() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                long wall = System.nanoTime() - t0;
                long cpu = cpu() - cpu0;
                pollers.forEach(ShardPoller::close);
                runs.add(result("sharded", n, room, server, wall, cpu));
            }
            http.close();
            dynamo.close();
        }
        return runs;
    }

    private static ManagementApi api(SdkHttpClient http, SlowManagementApi server) {
        return new SdkManagementApi(http, url -> StaticCredentialsProvider.create(
                AwsBasicCredentials.create("local", "local")), "us-east-1", server.callbackUrl());
    }

    private static List<Member> room(SlowManagementApi server, String prefix, int n) {
        List<Member> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Member(prefix + i, "user-" + i, "us-east-1", server.callbackUrl(), 1L));
        }
        return out;
    }

    private static Run result(String path, int consumers, List<Member> room, SlowManagementApi server, long wallNanos,
                              long cpuNanos) {
        int once = 0;
        int more = 0;
        int missed = 0;
        for (Member m : room) {
            AtomicInteger c = server.postsPerConnection().get(m.connectionId());
            if (c == null) {
                missed++;
            } else if (c.get() == 1) {
                once++;
            } else {
                more++;
            }
        }
        double seconds = wallNanos / 1e9;
        return new Run(path, consumers, room.size(), Duration.ofNanos(wallNanos), room.size() / seconds,
                cpuNanos / 1e3 / room.size(), once, more, missed);
    }

    /** CPU time of this process (every thread, the queue server and the management API stand-in included). */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
