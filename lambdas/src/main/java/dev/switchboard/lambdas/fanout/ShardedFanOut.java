package dev.switchboard.lambdas.fanout;

import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.lambdas.store.Member;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code send} end of the sharded fan-out: cuts a room's recipients (the sender left out) into shards of
 * {@link FanoutConfig#shardSize()} and puts them on the queue. A shard that would pass SQS's message size with its frame
 * carries a reference instead (the frame stored once, {@link FanoutStore#putFrame}); one still too large is split in
 * halves. The fan-out function posts them ({@link FanoutHandler}).
 */
public final class ShardedFanOut {
    /**
     * What was handed to the queue.
     *
     * @param queued recipients in shards on the queue
     * @param failed recipients in shards the queue refused (not delivered)
     * @param shards shards on the queue
     */
    public record Queued(int queued, int failed, int shards) {
    }

    private final FanoutConfig config;
    private final ShardQueue queue;
    private final Supplier<FanoutStore> store;
    private final int maxMessageBytes;

    /**
     * @param store           the table store, built on first use (only a frame by reference needs it)
     * @param maxMessageBytes the queue's message size limit ({@link FanoutSpec#SQS_MAX_MESSAGE_BYTES})
     */
    public ShardedFanOut(FanoutConfig config, ShardQueue queue, Supplier<FanoutStore> store, int maxMessageBytes) {
        this.config = config;
        this.queue = queue;
        this.store = store;
        this.maxMessageBytes = maxMessageBytes;
    }

    public FanoutConfig config() {
        return config;
    }

    /**
     * Enqueues message {@code id}'s {@code frame} for every member but {@code sender}.
     *
     * @param nowMillis the time, for the TTL of a stored frame
     */
    public Queued enqueue(String id, String room, String sender, List<Member> members, byte[] frame, long nowMillis) {
        List<Member> recipients = members.stream().filter(m -> !m.connectionId().equals(sender)).toList();
        List<Shard> shards = new ArrayList<>();
        int size = config.shardSize();
        for (int from = 0, i = 0; from < recipients.size(); from += size, i++) {
            shards.add(new Shard(id, room, sender, i, frame, false,
                    recipients.subList(from, Math.min(recipients.size(), from + size))));
        }
        boolean byReference = shards.stream().anyMatch(s -> bytes(s) > maxMessageBytes);
        if (byReference) {
            store.get().putFrame(id, frame, nowMillis / 1000 + config.progressTtlSeconds());
            shards = fit(shards.stream().map(Shard::byReference).toList(), shards.size());
        }
        List<String> bodies = shards.stream().map(Shard::toJson).toList();
        List<Integer> failed = queue.send(bodies);
        int lost = 0;
        for (int f : failed) {
            lost += shards.get(f).recipients().size();
        }
        return new Queued(recipients.size() - lost, lost, shards.size() - failed.size());
    }

    /** Splits shards (by reference) still above the limit in halves; new shards are numbered from {@code next}. */
    private List<Shard> fit(List<Shard> shards, int next) {
        List<Shard> out = new ArrayList<>();
        List<Shard> todo = new ArrayList<>(shards);
        while (!todo.isEmpty()) {
            Shard s = todo.remove(0);
            if (bytes(s) <= maxMessageBytes || s.recipients().size() == 1) {
                out.add(s);
                continue;
            }
            int half = s.recipients().size() / 2;
            todo.add(new Shard(s.id(), s.room(), s.sender(), s.shard(), null, true, s.recipients().subList(0, half)));
            todo.add(new Shard(s.id(), s.room(), s.sender(), next++, null, true,
                    s.recipients().subList(half, s.recipients().size())));
        }
        return out;
    }

    private static int bytes(Shard s) {
        return s.toJson().getBytes(StandardCharsets.UTF_8).length;
    }
}
