package dev.switchboard.lambdas.fanout;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.lambdas.api.HandlerContext;
import dev.switchboard.lambdas.api.InvocationDeadline;
import dev.switchboard.lambdas.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/**
 * The fan-out function: consumes shards from the fan-out queue through Lambda's SQS event source mapping
 * (batch size 1, {@code maximumConcurrency} = {@code Limits.fanoutConcurrency},
 * {@code FunctionResponseTypes = ReportBatchItemFailures}). Each record is one {@link Shard}, delivered by a
 * {@link ShardWorker}; a shard not complete (a failed post, an unreadable stored frame, too little time left) is
 * reported in {@code batchItemFailures} so that only it comes back (a complete shard is not, even when its progress
 * record could not be written: {@link ShardWorker#deliver(Shard)}), after a backoff of
 * {@code FANOUT_RETRY_BASE_SECONDS × 2^(receives − 1)} set with ChangeMessageVisibility (at most the queue's visibility
 * timeout); after the queue's {@code maxReceiveCount} receives it moves to the dead-letter queue, whose alarm fires.
 * A body that is not a shard is reported failed too (it ends in the dead-letter queue).
 *
 * <p>Response shape: {@code {"batchItemFailures":[{"itemIdentifier":<messageId>}]}}
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting).
 * The shard's table calls and its progress write's retries end with the invocation ({@link InvocationDeadline}).
 * One structured log line per invocation, with its time and duration (how a backlog is told from a stuck queue).
 */
public class FanoutHandler implements RequestStreamHandler {
    /** A shard is not started with less time left than this: it is reported failed and retried. */
    public static final int MIN_REMAINING_MILLIS = 3000;

    private final ShardWorker worker;
    private final ShardQueue queue;
    private final FanoutConfig config;

    public FanoutHandler() {
        this(System.getenv());
    }

    public FanoutHandler(Map<String, String> env) {
        this(HandlerContext.fromEnv(env), FanoutConfig.fromEnv(env));
    }

    private FanoutHandler(HandlerContext ctx, FanoutConfig config) {
        this(new ShardWorker(ctx.broadcaster(), FanoutClients.store(ctx.config(), ctx.clients()),
                ctx.config().broadcastConcurrency(), config.progressTtlSeconds(), ctx.clock()::millis,
                new PostRate(config.postsPerSecond())), FanoutClients.queue(config, ctx.clients()), config);
    }

    /** From parts (tests, the local API). */
    public FanoutHandler(ShardWorker worker, ShardQueue queue, FanoutConfig config) {
        this.worker = worker;
        this.queue = queue;
        this.config = config;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        JsonNode event = Json.read(input);
        ObjectNode response = Json.object();
        ArrayNode failures = response.putArray("batchItemFailures");
        int delivered = 0;
        int gone = 0;
        int failed = 0;
        int skipped = 0;
        int unkept = 0;
        long deadline = context == null ? Long.MAX_VALUE
                : System.currentTimeMillis() + context.getRemainingTimeInMillis();
        for (JsonNode record : event.path("Records")) {
            String messageId = record.path("messageId").asText();
            boolean ok;
            if (context != null && context.getRemainingTimeInMillis() < MIN_REMAINING_MILLIS) {
                ok = false;
            } else {
                try {
                    Shard shard = Shard.parse(record.path("body").asText());
                    ShardWorker.Outcome o = InvocationDeadline.until(deadline, () -> worker.deliver(shard));
                    delivered += o.delivered();
                    gone += o.gone();
                    failed += o.failed();
                    skipped += o.skipped();
                    unkept += o.kept() ? 0 : 1;
                    ok = o.complete();
                } catch (RuntimeException e) {
                    System.out.println(Json.write(Json.object().put("level", "ERROR").put("fn", "fanout")
                            .put("messageId", messageId).put("error", String.valueOf(e))));
                    ok = false;
                }
            }
            if (!ok) {
                failures.addObject().put("itemIdentifier", messageId);
                int receives = record.path("attributes").path("ApproximateReceiveCount").asInt(1);
                if (queue != null && record.hasNonNull("receiptHandle")) {
                    queue.delay(record.get("receiptHandle").asText(), config.backoffSeconds(receives));
                }
            }
        }
        System.out.println(Json.write(Json.object().put("timestamp", Instant.now().toString()).put("level", "INFO")
                .put("fn", "fanout").put("durationMs", (System.nanoTime() - start) / 1_000_000)
                .put("records", event.path("Records").size()).put("failedRecords", failures.size())
                .put("delivered", delivered).put("gone", gone).put("postFailures", failed).put("skipped", skipped)
                .put("completeWithoutProgress", unkept)));
        output.write(Json.bytes(response));
    }
}
