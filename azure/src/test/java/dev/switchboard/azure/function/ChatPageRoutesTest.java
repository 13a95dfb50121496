package dev.switchboard.azure.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.azure.webpubsub.HubSettings;
import dev.switchboard.azure.webpubsub.LocalWebPubSub;
import dev.switchboard.devkit.ChatPage;
import dev.switchboard.devkit.DevTokenEndpoint;
import dev.switchboard.devkit.DevTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Azure runner's chat page routes ({@link ChatPageRoutes}) mounted on the real Web PubSub emulation, over raw
 * HTTP (an HTTP client will not send a foreign Host or a hand-made upgrade): the page and the client's modules with
 * the security headers, the dev-token endpoint's token and client URL, and the refusals of another page's Origin on
 * the token endpoint and the client endpoint (403 {@code CROSS_ORIGIN}) that let every other request through to the
 * emulation. No function host here: the hub has no event handler, so a handshake that passes the guard gets the
 * emulation's 401 for a missing {@code access_token}.
 */
class ChatPageRoutesTest {
    private static final String EVIL = "http://evil.example";
    private static LocalWebPubSub wps;
    private static String own;

    @BeforeAll
    static void start() {
        wps = LocalWebPubSub.start(LocalWebPubSub.Options.of(HubSettings.withoutHandler("switchboard")).withLog(l -> { })
                .withRoutes(new ChatPageRoutes("switchboard", DevTokens.DEV_SECRET, DevTokens.DEFAULT_ISSUER,
                        DevTokens.DEFAULT_AUDIENCE)));
        own = "127.0.0.1:" + wps.port();
    }

    @AfterAll
    static void stop() {
        wps.close();
    }

    @Test
    void thePageAndTheClientsModules_comeWithTheSecurityHeaders() throws IOException {
        for (String path : new String[]{"/", "/chat.js", "/chat.css", "/clients/switchboard.js"}) {
            Reply r = request("GET", path, own, null, false);
            assertThat(r.status).as(path).isEqualTo(200);
            ChatPage.HEADERS.forEach((k, v) -> assertThat(r.header(k)).as(path + " " + k).isEqualTo(v));
            assertThat(r.body).as(path).isNotEmpty();
        }
        assertThat(request("GET", "/", own, null, false).header("Content-Type")).startsWith("text/html");
    }

    @Test
    void theTokenEndpoint_answersATokenForTheHubsClientUrl() throws Exception {
        Reply r = request("GET", DevTokenEndpoint.PATH + "?user=alice", own, null, false);
        assertThat(r.status).isEqualTo(200);
        assertThat(r.body).contains("\"websocket\":\"ws://" + own + "/client/hubs/switchboard\"");
        String token = r.body.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.verify(new MACVerifier(DevTokens.DEV_SECRET))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(request("GET", DevTokenEndpoint.PATH + "?user=", own, null, false).body).contains("BAD_USER");
        assertThat(request("GET", DevTokenEndpoint.PATH + "?user=alice", "rebound.example:" + wps.port(), null, false)
                .status).isEqualTo(421);
    }

    @Test
    void anotherPagesOrigin_isRefusedOnTheTokenEndpointAndTheClientEndpoint() throws IOException {
        Reply token = request("GET", DevTokenEndpoint.PATH + "?user=alice", own, EVIL, false);
        assertThat(token.status).isEqualTo(403);
        assertThat(token.body).contains("CROSS_ORIGIN").doesNotContain("\"token\"");
        Reply upgrade = request("GET", "/client/hubs/switchboard", own, EVIL, true);
        assertThat(upgrade.status).isEqualTo(403);
        assertThat(upgrade.body).contains("CROSS_ORIGIN");
        assertThat(request("GET", "/client/hubs/switchboard", own, "null", true).status).isEqualTo(403);
    }

    @Test
    void theOwnOriginAndNoOrigin_reachTheEmulation() throws IOException {
        assertThat(request("GET", DevTokenEndpoint.PATH + "?user=alice", own, "http://" + own, false).status)
                .isEqualTo(200);
        for (String origin : new String[]{"http://" + own, null}) {
            Reply r = request("GET", "/client/hubs/switchboard", own, origin, true);
            assertThat(r.status).as(origin).isEqualTo(401);
            assertThat(r.body).as(origin).contains("Unauthorized");
        }
        assertThat(request("GET", "/nothing", own, null, false).body).contains("no such route");
    }

    private record Reply(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** One request over a raw socket; reads the head and a Content-Length body. */
    private static Reply request(String method, String path, String host, String origin, boolean upgrade)
            throws IOException {
        try (Socket s = new Socket("127.0.0.1", wps.port())) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
            if (origin != null) {
                req.append("Origin: ").append(origin).append("\r\n");
            }
            req.append(upgrade ? "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" : "Connection: close\r\n").append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            String h = head.toString(StandardCharsets.US_ASCII);
            Reply noBody = new Reply(Integer.parseInt(h.substring(9, 12)), h, "");
            String length = noBody.header("Content-Length");
            byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
            return new Reply(noBody.status, h, new String(body, StandardCharsets.UTF_8));
        }
    }
}
