package dev.switchboard.lambdas.fanout;

import java.util.List;

/** The fan-out queue as the two ends use it. */
public interface ShardQueue {
    /**
     * Puts {@code bodies} on the queue.
     *
     * @return the indexes (into {@code bodies}) of the messages that could not be sent
     */
    List<Integer> send(List<String> bodies);

    /**
     * Makes a received message invisible for {@code seconds} more: a failed shard comes back after that backoff
     * instead of after the whole visibility timeout.
     */
    void delay(String receiptHandle, int seconds);
}
