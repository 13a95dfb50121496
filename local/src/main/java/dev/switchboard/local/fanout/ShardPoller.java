package dev.switchboard.local.fanout;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.lambdas.api.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Consumes the fan-out queue as Lambda's SQS event source mapping does: up to {@code concurrency} pollers (the
 * mapping's {@code maximumConcurrency}), each long-polling (up to {@link #LONG_POLL_SECONDS} s: closing the local API
 * waits for the polls in flight, so a longer wait made every close that much slower) for up to {@code batchSize}
 * messages. While the queue is idle only the first poller polls (ten idle pollers cost the local API a tenth of a
 * core, receives the event source mapping itself would not bill); a batch wakes the others, and each goes back to
 * waiting after an empty receive. On AWS too the mapping adds pollers as messages arrive
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html). Each poller invokes the handler with the
 * event Lambda builds ({@code {"Records":[{"messageId","receiptHandle","body","attributes":
 * {"ApproximateReceiveCount",..},"eventSource":"aws:sqs","eventSourceARN"}]}}) and, with
 * {@code ReportBatchItemFailures}, deleting every message of the batch except those in the response's
 * {@code batchItemFailures}; a handler that throws leaves the whole batch to come back after its visibility timeout
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 */
public final class ShardPoller implements AutoCloseable {
    /** How long one ReceiveMessage waits for a message (SQS allows 0-20 s). */
    static final int LONG_POLL_SECONDS = 1;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final RequestStreamHandler handler;
    private final int batchSize;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong receives = new AtomicLong();
    /** Guards {@link #wakeups}, which counts the batches that woke the waiting pollers. */
    private final Object idle = new Object();
    private long wakeups;

    public ShardPoller(SqsClient sqs, String queueUrl, String queueArn, RequestStreamHandler handler, int concurrency,
                       int batchSize) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.handler = handler;
        this.batchSize = batchSize;
        for (int i = 0; i < concurrency; i++) {
            boolean first = i == 0;
            Thread t = new Thread(() -> poll(first), "switchboard-fanout-poller-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Invocations of the handler so far. */
    public long invocations() {
        return invocations.get();
    }

    /** ReceiveMessage calls so far, by every poller. */
    public long receives() {
        return receives.get();
    }

    private void poll(boolean first) {
        if (!first) {
            awaitBatch();
        }
        while (running.get()) {
            try {
                receives.incrementAndGet();
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(LONG_POLL_SECONDS).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (!batch.isEmpty()) {
                    wakeAll();
                    invoke(batch);
                } else if (!first) {
                    awaitBatch();
                }
            } catch (SdkException | IllegalStateException e) {
                if (running.get()) {
                    sleep();
                }
            }
        }
    }

    /** Waits until a poller receives a batch (or polling stops). */
    private void awaitBatch() {
        synchronized (idle) {
            long seen = wakeups;
            while (running.get() && wakeups == seen) {
                try {
                    idle.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void wakeAll() {
        synchronized (idle) {
            wakeups++;
            idle.notifyAll();
        }
    }

    private void invoke(List<Message> batch) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        for (Message m : batch) {
            ObjectNode attrs = Json.object();
            m.attributes().forEach((k, v) -> attrs.put(k.toString(), v));
            records.addObject().put("messageId", m.messageId()).put("receiptHandle", m.receiptHandle())
                    .put("body", m.body()).put("md5OfBody", m.md5OfBody()).put("eventSource", "aws:sqs")
                    .put("eventSourceARN", queueArn).set("attributes", attrs);
        }
        Set<String> failed = new HashSet<>();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            invocations.incrementAndGet();
            handler.handleRequest(new ByteArrayInputStream(Json.bytes(event)), out, null);
            JsonNode response = Json.parseOrNull(out.toString(java.nio.charset.StandardCharsets.UTF_8));
            if (response != null) {
                response.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
            }
        } catch (Exception | Error e) {
            System.err.println("switchboard-local: the fan-out function failed: " + e);
            return;
        }
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling once the current receives return (closing the queue's server ends them at once). */
    public void stop() {
        running.set(false);
        wakeAll();
    }

    @Override
    public void close() {
        stop();
        for (Thread t : threads) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
