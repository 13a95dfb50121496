package dev.switchboard.blueprint;

import java.util.List;

/**
 * The error responses CloudFront must not cache in front of a WebSocket API. CloudFront caches 4xx and 5xx responses
 * for 10 s by default (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/custom-error-pages-expiration.html;
 * the codes it caches: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HTTPStatusCodes.html#HTTPStatusCodes-cached-errors),
 * and the CachingDisabled policy leaves the query string, where the token rides, out of the cache key. Whether a refused
 * upgrade (403 from the authorizer, 5xx from a failing region) is cached for a WebSocket request is not documented;
 * an error-caching minimum TTL of 0 for each of these codes makes sure one client's refusal is never answered to the
 * next client of the same path. No custom error page: the origin's own response reaches the client.
 */
public final class ErrorCaching {
    /** The status codes answered without error caching (error caching minimum TTL 0). */
    public static final List<Integer> UNCACHED_STATUS_CODES = List.of(400, 403, 404, 500, 502, 503, 504);

    private ErrorCaching() {
    }
}
