package dev.switchboard.lambdas.fanout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * {@link ShardQueue} over SQS: SendMessageBatch calls of at most {@link #MAX_ENTRIES} messages and
 * {@link #MAX_BATCH_BYTES} of payload (SQS's limits for one batch,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html); entries a batch
 * reports failed are sent once more in the next batch, then given up.
 */
public final class SqsShardQueue implements ShardQueue {
    public static final int MAX_ENTRIES = 10;
    public static final int MAX_BATCH_BYTES = 256 * 1024;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsShardQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public List<Integer> send(List<String> bodies) {
        List<Integer> failed = new ArrayList<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            pending.add(i);
        }
        for (int attempt = 0; attempt < 2 && !pending.isEmpty(); attempt++) {
            List<Integer> retry = new ArrayList<>();
            for (List<Integer> batch : batches(bodies, pending)) {
                retry.addAll(sendBatch(bodies, batch));
            }
            pending = retry;
        }
        failed.addAll(pending);
        return failed;
    }

    /** Packs {@code indexes} into batches within the entry and byte limits (an oversized body goes alone). */
    static List<List<Integer>> batches(List<String> bodies, List<Integer> indexes) {
        List<List<Integer>> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long bytes = 0;
        for (int i : indexes) {
            int size = bodies.get(i).getBytes(StandardCharsets.UTF_8).length;
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(i);
            bytes += size;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private List<Integer> sendBatch(List<String> bodies, List<Integer> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i : batch) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i))
                    .build());
        }
        try {
            SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            List<Integer> failed = new ArrayList<>();
            for (BatchResultErrorEntry e : r.failed()) {
                failed.add(Integer.parseInt(e.id()));
            }
            return failed;
        } catch (SdkException e) {
            return batch;
        }
    }

    @Override
    public void delay(String receiptHandle, int seconds) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout(seconds));
        } catch (SdkException e) {
            // the message comes back after the queue's visibility timeout instead: later, never lost
        }
    }
}
