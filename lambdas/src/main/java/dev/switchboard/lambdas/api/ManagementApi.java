package dev.switchboard.lambdas.api;

import dev.switchboard.lambdas.store.Member;

/**
 * Posts a frame to one connection through the {@code @connections} API of the region that holds it, and asks whether a
 * connection still exists.
 */
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

    /** What GetConnection said of a connection. */
    enum Liveness {
        /** 200: the connection is open. */
        OPEN,
        /** 410: the connection no longer exists. */
        GONE,
        /** Anything else, or not asked: treat as open. */
        UNKNOWN
    }

    /**
     * Asks whether {@code connection} still exists (GetConnection,
     * https://docs.aws.amazon.com/apigatewaymanagementapi/latest/APIReference/API_GetConnection.html). The default
     * answers {@link Liveness#UNKNOWN}: an implementation that cannot ask never lets a caller act on a guess.
     */
    default Liveness liveness(Member connection) {
        return Liveness.UNKNOWN;
    }
}
