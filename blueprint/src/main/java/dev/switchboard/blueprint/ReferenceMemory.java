package dev.switchboard.blueprint;

/**
 * The memory size of each function of the reference blueprint, and where it comes from. The measured ones are the warm
 * choice of {@code bench/bench.sh memory-size} (BENCHMARKS.md section 8, the quiet run of 2026-12-06 16:31 UTC, 60
 * invocations a size after 10 of warm-up): per route, the cheapest size whose billed duration (the handler's warm
 * median under that size's CPU share, plus the route's modelled wait on DynamoDB and {@code @connections}, 5 ms a round
 * trip and 10 ms a batch of posts) is within 10 % of the fastest size's. The wait is billed at every size and no size
 * shortens it, so it narrows what more memory can buy. Every handler's resident set fits 256 MB (88-188 MB), so CPU,
 * not memory, decides. Functions the benchmark does not run keep the size they had, and say so. The choice is
 * provisional: warmer reruns (BENCHMARKS.md section 8, "Again, warmer") show that the benchmark's answers, which come
 * at once, let invocations run back to back against the CPU quota, which neither the median nor the mean corrects.
 */
final class ReferenceMemory {
    /**
     * {@code connect}: 1,024 MB, kept by measurement. 12.25 ms + 15 ms of wait (3 round trips) bills 28 ms, within 10 %
     * of 2,048 MB's 26 ms; 1,536 MB bills 27 ms at half as much memory again. On CPU alone it would be 1,536 MB.
     */
    static final int CONNECT_MB = 1024;
    /**
     * {@code rooms} ({@code join}, {@code members}, {@code leave}; measured on {@code join}): 1,024 MB, kept by
     * measurement. 27.83 ms + 45 ms of wait (7 round trips, one batch of posts) bills 73 ms, within 10 % of the 67 ms
     * of 1,536-2,048 MB.
     */
    static final int ROOMS_MB = 1024;
    /**
     * {@code send}: 1,536 MB. 17.11 ms + 30 ms of wait (4 round trips, one batch of posts) bills 48 ms against 46 ms at
     * 1,769 and 2,048 MB; 1,024 MB bills 53 ms, 15 % slower, and is left out by the rule.
     */
    static final int SEND_MB = 1536;
    /**
     * {@code whisper}: not measured by {@code memory-size}; {@code send}'s size, the route closest to it (a one-way
     * frame posted to other connections after the rate limit and a Query).
     */
    static final int WHISPER_MB = SEND_MB;
    /**
     * {@code ping}: 256 MB. No table call and no post, so no wait: 0.39 ms bills 1 ms at every size, as at 2,048 MB,
     * and 256 MB is the cheapest. Its cold start is the price: init 3.6 s and a first invocation of 1.3 s at 256 MB,
     * against 0.76 s and 0.27 s at 1,024 MB (CPU share, not memory: it peaks at 88 MB).
     */
    static final int PING_MB = 256;
    /**
     * {@code disconnect} (from one room): 1,024 MB, kept by measurement, at the edge of the rule: 33.64 ms + 55 ms of
     * wait (9 round trips, one batch of posts) bills 89 ms against 1,536 MB's 81 ms, 9.9 % slower.
     */
    static final int DISCONNECT_MB = 1024;
    /**
     * {@code $default}: not measured by {@code memory-size} (its routes are connect, join, send, ping and disconnect);
     * kept at 512 MB. Like {@code ping} it needs no table and posts nothing.
     */
    static final int DEFAULT_MB = 512;
    /**
     * The authorizer: not measured by {@code memory-size}; kept at {@link FunctionSpec#DEFAULT_MEMORY_MB}.
     */
    static final int AUTHORIZER_MB = FunctionSpec.DEFAULT_MEMORY_MB;

    private ReferenceMemory() {
    }
}
