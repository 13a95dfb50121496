package dev.switchboard.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.fanout.Shard;
import dev.switchboard.local.fanout.LocalSqs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The sharded fan-out's queues as a fault run sees them (docs/fanout.md): waits until every shard was consumed or
 * dead-lettered (a failed shard comes back after 2, 4, 8, 16 s, and 32 s after its fifth receive goes to the
 * dead-letter queue), as long as the backlog shrinks, then reads the dead-letter queue: which messages' recipients it holds, and the alarm's metric
 * ({@code ApproximateNumberOfMessagesVisible} of the dead-letter queue, the fan-out DLQ alarm's).
 */
final class ShardQueues {
    private final LocalSqs sqs;

    ShardQueues(LocalSqs sqs) {
        this.sqs = sqs;
    }

    /** What the dead-letter queue held: recipients per message {@code cid}, shards, and the alarm's metric. */
    record DeadLetters(Map<String, Integer> recipientsByCid, int shards, long alarmMetric) {
    }

    /**
     * How the queue drained.
     *
     * @param held    messages it still held when the wait ended (0: it drained)
     * @param elapsed how long the wait took
     */
    record Drain(long held, Duration elapsed) {
    }

    /**
     * Waits until the queue holds no message, visible or in flight, twice in a row. A backlog that still shrinks is
     * waited for (the consumers are behind, not stuck: its recipients are late, not skipped); the wait ends when the
     * count has not gone below its lowest for {@code stall}, or after {@code max}.
     */
    Drain awaitDrained(Duration stall, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + max.toNanos();
        long lastProgress = start;
        long lowest = Long.MAX_VALUE;
        int emptyInARow = 0;
        long held = 0;
        while (System.nanoTime() < end && System.nanoTime() - lastProgress < stall.toNanos()) {
            Map<QueueAttributeName, String> a = sqs.client().getQueueAttributes(r -> r.queueUrl(sqs.queueUrl())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            held = Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                    + Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
            emptyInARow = held == 0 ? emptyInARow + 1 : 0;
            if (emptyInARow >= 2) {
                return new Drain(0, Duration.ofNanos(System.nanoTime() - start));
            }
            if (held < lowest) {
                lowest = held;
                lastProgress = System.nanoTime();
            }
            Thread.sleep(500);
        }
        return new Drain(held, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Reads and deletes every message of the dead-letter queue, so that the next run starts with none. */
    DeadLetters takeDeadLetters() {
        long metric = Long.parseLong(sqs.client().getQueueAttributes(r -> r.queueUrl(sqs.deadLetterQueueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
        Map<String, Integer> byCid = new HashMap<>();
        int shards = 0;
        while (true) {
            List<Message> batch = sqs.client().receiveMessage(r -> r.queueUrl(sqs.deadLetterQueueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                break;
            }
            for (Message m : batch) {
                Shard s = Shard.parse(m.body());
                shards++;
                String cid = s.frame() == null ? "(by reference)"
                        : cidOf(Json.parseOrNull(new String(s.frame(), StandardCharsets.UTF_8)));
                byCid.merge(cid, s.recipients().size(), Integer::sum);
                sqs.client().deleteMessage(r -> r.queueUrl(sqs.deadLetterQueueUrl()).receiptHandle(m.receiptHandle()));
            }
        }
        return new DeadLetters(byCid, shards, metric);
    }

    private static String cidOf(JsonNode frame) {
        return frame == null ? "(unreadable)" : frame.path("cid").asText("(none)");
    }
}
