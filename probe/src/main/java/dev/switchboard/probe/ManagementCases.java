package dev.switchboard.probe;

import static dev.switchboard.probe.Frames.check;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;

/**
 * The {@code @connections} API through the real SDK: PostToConnection, GetConnection, DeleteConnection on the
 * probe's own connections, 410 GoneException for a well-formed unknown id, 400 for a malformed one
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html).
 */
final class ManagementCases {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ManagementCases() {
    }

    static List<Case> all() {
        return List.of(
                new Case("management_unknownId_isGone410", ctx -> {
                    ApiGatewayManagementApiClient m = ctx.management();
                    int s = status(() -> m.getConnection(r -> r.connectionId(wellFormedUnknownId())));
                    check(s == 410, "GetConnection of a well-formed unknown id: expected 410, got " + s);
                    s = status(() -> m.postToConnection(r -> r.connectionId(wellFormedUnknownId()).data(SdkBytes.fromUtf8String("x"))));
                    check(s == 410, "PostToConnection to a well-formed unknown id: expected 410, got " + s);
                }),
                new Case("management_malformedId_isBadRequest400", ctx -> {
                    ApiGatewayManagementApiClient m = ctx.management();
                    int s = status(() -> m.getConnection(r -> r.connectionId("probe-malformed-id")));
                    check(s == 400, "GetConnection of a malformed id: expected 400, got " + s);
                }),
                new Case("management_post_reachesTheConnection", ctx -> {
                    ApiGatewayManagementApiClient m = ctx.management();
                    Client c = ctx.connect(ctx.a());
                    String id = ctx.connectionId(c);
                    String text = "{\"type\":\"probe\",\"n\":\"" + ctx.unique() + "\"}";
                    m.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String(text)));
                    String got = c.poll(ctx.options().timeout());
                    check(text.equals(got), "expected the posted frame " + text + ", got " + got);
                }),
                new Case("management_largestPost_isDelivered_oneByteOverIs413", ctx -> {
                    ApiGatewayManagementApiClient m = ctx.management();
                    Client c = ctx.connect(ctx.a());
                    String id = ctx.connectionId(c);
                    String big = "b".repeat(LimitCases.MESSAGE_MAX);
                    m.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String(big)));
                    String got = c.poll(ctx.options().timeout());
                    check(got != null && got.length() == big.length(), "a post of 128 KB: expected it whole, got "
                            + (got == null ? "nothing" : got.length() + " characters"));
                    int s = status(() -> m.postToConnection(r -> r.connectionId(id)
                            .data(SdkBytes.fromByteArray(new byte[LimitCases.MESSAGE_MAX + 1]))));
                    check(s == 413, "a post of 128 KB + 1 byte: expected 413, got " + s);
                }),
                new Case("management_get_describesTheConnection", ctx -> {
                    ApiGatewayManagementApiClient m = ctx.management();
                    Instant before = Instant.now().minusSeconds(60);
                    Client c = ctx.connect(ctx.a());
                    String id = ctx.connectionId(c);
                    GetConnectionResponse g = m.getConnection(r -> r.connectionId(id));
                    check(g.connectedAt() != null && g.connectedAt().isAfter(before)
                            && g.connectedAt().isBefore(Instant.now().plusSeconds(60)), "connectedAt is not now: " + g);
                    check(g.lastActiveAt() != null && !g.lastActiveAt().isBefore(g.connectedAt()),
                            "lastActiveAt is missing or before connectedAt: " + g);
                    check(g.identity() != null && g.identity().sourceIp() != null, "identity.sourceIp is missing: " + g);
                }),
                new Case("management_delete_closesTheConnection", ctx -> {
                    ApiGatewayManagementApiClient m = ctx.management();
                    Client c = ctx.connect(ctx.a());
                    String id = ctx.connectionId(c);
                    m.deleteConnection(r -> r.connectionId(id));
                    c.awaitClose();
                    int s = status(() -> m.getConnection(r -> r.connectionId(id)));
                    check(s == 410, "GetConnection after DeleteConnection: expected 410, got " + s);
                    s = status(() -> m.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromString("x", StandardCharsets.UTF_8))));
                    check(s == 410, "PostToConnection after DeleteConnection: expected 410, got " + s);
                }));
    }

    /** 16 characters of URL-safe base64 (11 random bytes), the shape of API Gateway's ids. */
    static String wellFormedUnknownId() {
        byte[] b = new byte[11];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().encodeToString(b);
    }

    /** The HTTP status of a management call: 200 when it succeeded. */
    static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (AwsServiceException e) {
            return e.statusCode();
        }
    }
}
