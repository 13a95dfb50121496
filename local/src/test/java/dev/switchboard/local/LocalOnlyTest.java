package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devkit.DevTokenEndpoint;
import dev.switchboard.devkit.DevTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 27, reproduction 4: a page on another origin drove the local API. It opened a WebSocket with a token it
 * minted (browsers send {@code Origin} on every handshake, RFC 6455 section 4.1, and WebSockets are not bound by the
 * same-origin policy), and a {@code no-cors} POST to the management API (Host is loopback, so the Host check passed)
 * posted into a victim's connection. Requests from another origin are now refused; requests with the API's own origin
 * or without {@code Origin} (non-browser clients) are served.
 */
class LocalOnlyTest {
    static Fixture f;
    static URI ws;
    static String own;

    @BeforeAll
    static void start() {
        f = Fixture.reference();
        ws = f.gateway.websocketUrl();
        own = "http://127.0.0.1:" + f.gateway.port();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static int handshake(String origin) {
        Map<String, String> h = origin == null ? Map.of() : Map.of("Origin", origin);
        return RawHandshake.send(URI.create(ws + "?token=" + DevTokens.mint("alice")), h).status();
    }

    @Test
    void aHandshakeFromAnotherOrigin_isRefused_evenWithAValidToken() {
        assertThat(handshake("http://evil.example")).isEqualTo(403);
        assertThat(handshake("https://127.0.0.1:" + f.gateway.port())).isEqualTo(403);
        assertThat(handshake("http://127.0.0.1:" + (f.gateway.port() == 1 ? 2 : f.gateway.port() - 1))).isEqualTo(403);
        assertThat(handshake("null")).isEqualTo(403);
        assertThat(handshake("http://127.0.0.1.evil.example:" + f.gateway.port())).isEqualTo(403);
    }

    @Test
    void aHandshakeFromTheApisOwnOrigin_orWithoutOrigin_isServed() {
        assertThat(handshake(own)).isEqualTo(101);
        assertThat(handshake("http://localhost:" + f.gateway.port())).isEqualTo(101);
        assertThat(handshake("HTTP://[::1]:" + f.gateway.port())).isEqualTo(101);
        assertThat(handshake(null)).isEqualTo(101);
    }

    @Test
    void aNoCorsManagementPost_fromAnotherOrigin_isRefused_andTheVictimGetsNothing() throws Exception {
        try (WsClient victim = f.connect("victim")) {
            String id = f.connectionIdOf("victim");
            URI post = URI.create(f.gateway.managementUrl() + "/" + id);
            // what a no-cors fetch sends: a simple request (POST, text/plain) with the page's Origin
            HttpResponse<String> foreign = WsClient.HTTP.send(HttpRequest.newBuilder(post)
                    .header("Origin", "http://evil.example").header("Content-Type", "text/plain;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString("wire the money")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(foreign.headers().firstValue("x-amzn-ErrorType")).hasValue("ForbiddenException");

            HttpResponse<String> sdk = WsClient.HTTP.send(HttpRequest.newBuilder(post)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"note\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sdk.statusCode()).isEqualTo(200);
            assertThat(victim.next()).isEqualTo("{\"type\":\"note\"}");
        }
    }

    @Test
    void theDevTokenEndpoint_refusesAnotherOrigin() throws Exception {
        URI token = URI.create(own + DevTokenEndpoint.PATH + "?user=alice");
        HttpResponse<String> foreign = WsClient.HTTP.send(HttpRequest.newBuilder(token).header("Origin", "http://evil.example")
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = WsClient.HTTP.send(HttpRequest.newBuilder(token).header("Origin", own).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("CROSS_ORIGIN").doesNotContain("token\":");
        assertThat(page.statusCode()).isEqualTo(200);
    }
}
