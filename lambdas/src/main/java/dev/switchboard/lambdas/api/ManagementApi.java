package dev.switchboard.lambdas.api;

import dev.switchboard.lambdas.store.Member;

/** Posts a frame to one connection through the {@code @connections} API of the region that holds it. */
public interface ManagementApi {
    /** The outcome of one post. */
    enum Outcome {
        /** 200: handed to API Gateway. */
        DELIVERED,
        /** 410: the connection no longer exists. */
        GONE,
        /** 429: throttled; worth retrying later. */
        THROTTLED,
        /** Anything else (403, 413, 5xx, I/O); not retried. */
        FAILED
    }

    Outcome post(Member recipient, byte[] frame);
}
