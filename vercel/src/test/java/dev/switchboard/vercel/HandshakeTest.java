package dev.switchboard.vercel;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The upgrade: the token in the query or in Sec-WebSocket-Protocol (docs/protocol.md, "Connecting"), checked by the
 * Worker's verifier (its strict pre-parse included) before the connection is accepted.
 */
class HandshakeTest {
    static LocalVercel vercel;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        vercel = LocalVercel.start(LocalMain.root(), Blueprint.reference(Environments.resolve("dev", Map.of())), 0,
                DevTokens.DEV_SECRET, Duration.ofSeconds(300), 2, false);
    }

    @AfterAll
    static void stop() {
        vercel.close();
    }

    @Test
    void headerTransport_isAccepted_andAnswersTheSwitchboardSubprotocol() {
        WebSocket ws = open("", "switchboard.v2", "bearer." + DevTokens.mint("alice"));

        assertThat(ws.getSubprotocol()).isEqualTo("switchboard.v2");
        ws.abort();
    }

    @Test
    void headerTransport_withoutSwitchboardSubprotocol_isBadRequest_bothTransports_areRefusedAsAmbiguous() {
        assertThat(status(() -> open("", "bearer." + DevTokens.mint("alice")))).isEqualTo(400);
        assertThat(status(() -> open("?token=" + DevTokens.mint("alice"), "switchboard.v2",
                "bearer." + DevTokens.mint("alice")))).isEqualTo(403);
    }

    @Test
    void tokenWithDuplicateClaimNames_isRefusedByTheSharedStrictPreParse() {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"sub\":\"mallory\",\"sub\":\"alice\",\"iss\":\"" + DevTokens.DEFAULT_ISSUER + "\",\"aud\":\""
                + DevTokens.DEFAULT_AUDIENCE + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";
        String good = "{\"sub\":\"alice\",\"iss\":\"" + DevTokens.DEFAULT_ISSUER + "\",\"aud\":\""
                + DevTokens.DEFAULT_AUDIENCE + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";

        assertThat(status(() -> open("?token=" + hs256(claims)))).isEqualTo(403);
        open("?token=" + hs256(good)).abort(); // the same signing with one sub is accepted
    }

    @Test
    void missingToken_is401() {
        assertThat(status(() -> open(""))).isEqualTo(401);
    }

    private static WebSocket open(String query, String... protocols) {
        var b = HTTP.newWebSocketBuilder();
        if (protocols.length > 0) {
            b.subprotocols(protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
        }
        return b.buildAsync(URI.create(vercel.websocketUrl() + query), new WebSocket.Listener() { })
                .orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static int status(Runnable r) {
        try {
            r.run();
        } catch (CompletionException e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            var m = java.util.regex.Pattern.compile("status code (\\d{3})").matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            throw e;
        }
        return 101;
    }

    private static String hs256(String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(DevTokens.DEV_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
