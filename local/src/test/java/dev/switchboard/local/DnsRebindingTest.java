package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devkit.DevTokenEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a page on {@code evil.example} whose name the attacker re-points at 127.0.0.1 is same-origin with
 * the local API as far as the browser is concerned, but its requests say {@code Host: evil.example:PORT}. The dev-token
 * endpoint (421) and the management API (403 ForbiddenException) answer only loopback Host headers with the gateway's
 * port. The WebSocket endpoint does not check Host: any page may open a WebSocket to any host anyway (browsers do not
 * apply the same-origin policy to WebSockets), API Gateway accepts any Origin, and the handshake needs a token, which
 * the guarded endpoint no longer hands out. Raw HTTP over a socket, since HTTP clients will not send a foreign Host.
 */
class DnsRebindingTest {
    private static Fixture f;

    @BeforeAll
    static void start() {
        f = Fixture.reference();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** Sends one request with {@code host} as the Host header; returns the status line and body. */
    private static String get(String path, String host, String extraHeaders) throws IOException {
        try (Socket s = new Socket("127.0.0.1", f.gateway.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    @Test
    void devToken_answersLoopbackHostsOnly() throws IOException {
        int port = f.gateway.port();
        for (String host : new String[]{"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "LOCALHOST:" + port}) {
            String r = get(DevTokenEndpoint.PATH + "?user=alice", host, "");
            assertThat(status(r)).as(host).isEqualTo(200);
            assertThat(r).contains("\"token\":\"ey");
        }
        for (String host : new String[]{"evil.example:" + port, "evil.example", "127.0.0.1.evil.example:" + port,
                "127.0.0.1:" + (port + 1), "localhost", "[::2]:" + port}) {
            String r = get(DevTokenEndpoint.PATH + "?user=alice", host, "");
            assertThat(status(r)).as(host).isEqualTo(421);
            assertThat(r).doesNotContain("\"token\"");
        }
    }

    @Test
    void managementApi_answersLoopbackHostsOnly() throws IOException {
        int port = f.gateway.port();
        try (WsClient c = f.connect("rebind")) {
            String id = f.connectionIdOf("rebind");
            String path = "/dev/@connections/" + id;
            assertThat(status(get(path, "localhost:" + port, ""))).isEqualTo(200);
            String refused = get(path, "evil.example:" + port, "");
            assertThat(status(refused)).isEqualTo(403);
            assertThat(refused).containsIgnoringCase("x-amzn-ErrorType: ForbiddenException").doesNotContain("connectedAt");
        }
    }

    @Test
    void websocketHandshake_isNotHostChecked() throws IOException {
        String token = dev.switchboard.devkit.DevTokens.mint("rebind-ws");
        try (Socket s = new Socket("127.0.0.1", f.gateway.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /dev?token=" + token + " HTTP/1.1\r\nHost: evil.example:" + f.gateway.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] status = s.getInputStream().readNBytes(12);
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
        }
    }
}
