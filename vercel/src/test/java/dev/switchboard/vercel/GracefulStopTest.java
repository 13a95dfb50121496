package dev.switchboard.vercel;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance that stops (SIGTERM, or its parent gone) closes its connections with 1001 and removes them from their
 * rooms and users in Redis, so that a stopped instance leaves no member behind for the other instances to count,
 * list and publish to.
 */
class GracefulStopTest {
    @Test
    void stoppingInstances_closeTheirConnections_andLeaveNothingInRedis() throws Exception {
        try (LocalVercel v = LocalVercel.start(LocalMain.root(), Blueprint.reference(Environments.resolve("dev",
                Map.of())), 0, DevTokens.DEV_SECRET, Duration.ofSeconds(300), 2, false)) {
            WsClient mia = WsClient.connect(v.instancePorts().get(0), "mia", "g1");
            WsClient ned = WsClient.connect(v.instancePorts().get(1), "ned", "g1");
            mia.expect("presence");
            assertThat(redis(v.redisPort(), "DBSIZE")).isNotEqualTo(":0");

            v.stopFunction();

            assertThat(mia.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1001);
            assertThat(ned.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1001);
            assertThat(redis(v.redisPort(), "DBSIZE")).isEqualTo(":0");
        }
    }

    /** One inline Redis command's reply line (RESP), e.g. {@code :0}. */
    private static String redis(int port, String command) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != -1 && b != '\r'; ) {
                line.append((char) b);
            }
            return line.toString();
        }
    }
}
