package dev.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.local.fanout.LocalSqs;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The fault run's wait for the shard queue, over ElasticMQ: a backlog the consumers work through is waited for (its
 * recipients are late, not skipped: the quiet 20 % run counted 8 recipients of such a backlog as skipped after a fixed
 * 90 s), a queue that stops shrinking is not.
 */
class ShardQueuesTest {
    private static LocalSqs sqs;

    @BeforeAll
    static void start() {
        sqs = LocalSqs.start(Blueprint.reference(Environments.resolve("dev", Map.of())));
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    @BeforeEach
    void empty() {
        sqs.client().purgeQueue(b -> b.queueUrl(sqs.queueUrl()));
    }

    private static void put(int n) {
        for (int i = 0; i < n; i++) {
            sqs.client().sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("{}"));
        }
    }

    @Test
    void awaitDrained_waitsForABacklogThatShrinks_pastTheStall() throws Exception {
        // GIVEN 6 messages and a consumer that deletes one every 600 ms (3.6 s in all)
        put(6);
        AtomicBoolean run = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> {
            while (run.get()) {
                for (Message m : sqs.client().receiveMessage(b -> b.queueUrl(sqs.queueUrl())
                        .maxNumberOfMessages(1).waitTimeSeconds(0)).messages()) {
                    sqs.client().deleteMessage(b -> b.queueUrl(sqs.queueUrl()).receiptHandle(m.receiptHandle()));
                }
                try {
                    Thread.sleep(600);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        consumer.start();
        try {
            // WHEN the run waits with a 2 s stall
            ShardQueues.Drain d = new ShardQueues(sqs).awaitDrained(Duration.ofSeconds(2), Duration.ofSeconds(30));
            // THEN it waited for all of them, longer than the stall
            assertThat(d.held()).isZero();
            assertThat(d.elapsed()).isGreaterThan(Duration.ofSeconds(2));
        } finally {
            run.set(false);
            consumer.join();
        }
    }

    @Test
    void awaitDrained_givesUpOnAQueueThatStopsShrinking() throws Exception {
        // GIVEN 2 messages nobody consumes
        put(2);
        // WHEN the run waits with a 1 s stall
        ShardQueues.Drain d = new ShardQueues(sqs).awaitDrained(Duration.ofSeconds(1), Duration.ofSeconds(30));
        // THEN it stops after about the stall, with both still held
        assertThat(d.held()).isEqualTo(2);
        assertThat(d.elapsed()).isLessThan(Duration.ofSeconds(5));
    }
}
