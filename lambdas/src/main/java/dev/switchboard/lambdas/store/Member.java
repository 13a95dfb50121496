package dev.switchboard.lambdas.store;

/**
 * A connection as a fan-out sees it: who it belongs to and where to post to it.
 *
 * @param connectionId API Gateway's connection id
 * @param userId       the user who owns it
 * @param region       the region of the API that holds it
 * @param callbackUrl  that API's {@code @connections} endpoint, {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}
 * @param connectedAt  epoch ms of its {@code $connect}, or 0 when unknown (records written before it was stored)
 */
public record Member(String connectionId, String userId, String region, String callbackUrl, long connectedAt) {
    /** A member whose connection time is unknown. */
    public Member(String connectionId, String userId, String region, String callbackUrl) {
        this(connectionId, userId, region, callbackUrl, 0L);
    }
}
