package dev.switchboard.probe;

import static dev.switchboard.probe.Frames.check;

import dev.switchboard.blueprint.Handshake;
import java.util.List;

/**
 * The handshake: API Gateway answers 401 when the identity source ({@code token}) is missing and 401/403 when the
 * authorizer refuses the token (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html),
 * 400 for an invalid {@code room} ($connect's status), 426 for a plain GET, 101 otherwise.
 */
final class HandshakeCases {
    private HandshakeCases() {
    }

    static List<Case> all() {
        return List.of(
                new Case("handshake_withoutToken_isRefused401", ctx -> {
                    int s = ctx.handshakeStatus("probe=1");
                    check(s == 401, "expected HTTP 401 without a token, got " + s);
                }),
                new Case("handshake_withBadSignature_isRefused", ctx -> {
                    int s = ctx.handshakeStatus("token=" + ctx.tokens().badSignature());
                    check(s == 401 || s == 403, "expected HTTP 401 or 403 for a token with a wrong signature, got " + s);
                }),
                new Case("handshake_withExpiredToken_isRefused", ctx -> {
                    String expired = ctx.tokens().expired();
                    if (expired == null) {
                        throw new Skipped("needs a signing key to mint an expired token");
                    }
                    int s = ctx.handshakeStatus("token=" + expired);
                    check(s == 401 || s == 403, "expected HTTP 401 or 403 for an expired token, got " + s);
                }),
                new Case("handshake_withGoodToken_opens", ctx -> {
                    Client c = ctx.connect(ctx.a());
                    c.send(Frames.ping());
                    c.expectType("pong");
                }),
                new Case("handshake_byQueryToken_opens", ctx -> {
                    Client c = ctx.connectByQuery(ctx.a());
                    c.send(Frames.ping());
                    c.expectType("pong");
                }),
                new Case("handshake_byHeader_answersV2_neverTheToken", ctx -> {
                    Client c = ctx.connect(ctx.a());
                    String answer = String.join(", ", c.upgradeHeader("Sec-WebSocket-Protocol"));
                    check(answer.equals(Handshake.SUBPROTOCOL), "expected Sec-WebSocket-Protocol "
                            + Handshake.SUBPROTOCOL + ", got " + ctx.tokens().redact(answer));
                }),
                new Case("handshake_byHeaderWithBadSignature_isRefusedLikeTheQuery", ctx -> {
                    String bad = ctx.tokens().badSignature();
                    int byQuery = ctx.handshakeStatus("token=" + bad);
                    int byHeader = ctx.handshakeStatus("", ProbeContext.bearer(bad));
                    check(byHeader == byQuery && byHeader == 403, "expected 403 for a bad token in either transport,"
                            + " got " + byQuery + " (query) and " + byHeader + " (header)");
                }),
                new Case("handshake_withTokenInBothPlaces_isRefused403", ctx -> {
                    int s = ctx.handshakeStatus("token=" + ctx.a().token(), ProbeContext.bearer(ctx.a().token()));
                    check(s == 403, "expected HTTP 403 for a token in the query string and in Sec-WebSocket-Protocol,"
                            + " got " + s);
                }),
                new Case("handshake_withInvalidRoom_isRefused400", ctx -> {
                    int s = ctx.handshakeStatus("token=" + ctx.a().token() + "&room=" + "no%20spaces%21");
                    check(s == 400, "expected HTTP 400 for ?room=no spaces!, got " + s);
                }),
                new Case("handshake_withRoom_joinsAtOnce", ctx -> {
                    String room = ctx.room("");
                    Client first = ctx.connect(ctx.a());
                    first.send(Frames.join(room));
                    first.expectType("joined");
                    Client joiner = ctx.connect(ctx.a(), room);
                    String cid = ctx.unique();
                    joiner.send(Frames.sendAcked(room, cid, Frames.text("joined on connect")));
                    var ack = joiner.expect("ack (the ?room= joiner is a member)", n -> "ack".equals(n.path("type").asText())
                            || "error".equals(n.path("type").asText()));
                    Frames.checkType(ack, "ack");
                    check(ack.path("delivered").asInt(-1) == 1, "expected delivered 1, got " + ack);
                    first.expect("the joiner's message", n -> "message".equals(n.path("type").asText())
                            && cid.equals(n.path("cid").asText()));
                }),
                new Case("plainGet_isAskedToUpgrade426", ctx -> {
                    int s = ctx.plainGet();
                    check(s == 426, "expected HTTP 426 Upgrade Required for a GET without an upgrade, got " + s);
                }));
    }
}
