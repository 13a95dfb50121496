package dev.switchboard.local.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fan-out pollers against ElasticMQ: one polls an idle queue, a batch brings the others in. */
class ShardPollerTest {
    private static LocalSqs sqs;
    private static String arn;

    @BeforeAll
    static void start() {
        sqs = LocalSqs.start(Blueprint.reference(Environments.resolve("dev", Map.of())));
        arn = sqs.client().getQueueAttributes(b -> b.queueUrl(sqs.queueUrl())
                .attributeNamesWithStrings("QueueArn")).attributes().values().iterator().next();
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    @Test
    void idleQueue_isPolledByOnePoller_andABatchBringsTheOthersIn() throws Exception {
        // GIVEN ten pollers on an idle queue, whose handler takes 300 ms per message
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        RequestStreamHandler handler = (in, out, ctx) -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
                handled.incrementAndGet();
            }
        };
        try (ShardPoller poller = new ShardPoller(sqs.client(), sqs.queueUrl(), arn, handler, 10, 1)) {
            // WHEN the queue stays idle for three long polls
            Thread.sleep(3 * ShardPoller.LONG_POLL_SECONDS * 1000L + 200);
            // THEN one poller polled it (ten would have made about 30 receives)
            assertThat(poller.receives()).isBetween(1L, 5L);
            // AND WHEN 20 messages arrive, the others join in
            for (int i = 0; i < 20; i++) {
                int n = i;
                sqs.client().sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("{\"shard\":" + n + "}"));
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (handled.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(handled).hasValue(20);
            assertThat(mostAtOnce.get()).isGreaterThan(1);
        }
    }
}
