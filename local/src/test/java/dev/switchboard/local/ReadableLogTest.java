package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.DynaliteProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./switchboard local --log readable}, as a person at a terminal sees it: the gateway runs in its own JVM (it
 * takes over standard out), a real client connects, sends with an ack and leaves, and two handshakes are refused (an
 * expired token, no token); every invocation is one line with its time, route, user, duration and outcome, the
 * refused handshakes carry the authorizer's reason, and no raw Lambda JSON line is left.
 */
class ReadableLogTest {
    static final String LINE = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  ";

    @Test
    void readableLog_oneLinePerInvocation_andTheReasonOfARefusedHandshake() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path root = DynaliteProcess.projectRoot();
        Path log = Files.createTempFile("readable-log", ".txt");
        Process p = new ProcessBuilder(java.toString(), "-Dswitchboard.root=" + root, "-cp", classpath,
                Main.class.getName(), "local", "--port", "0", "--log", "readable", "--jwt-secret", DevTokens.DEV_SECRET)
                .directory(root.toFile()).redirectOutput(log.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> lines;
        try {
            Fixture.await(Duration.ofSeconds(60), () -> read(log).stream().anyMatch(l -> l.startsWith("chat page:")),
                    "the ready banner");
            String websocket = read(log).stream().filter(l -> l.startsWith("websocket: ")).findFirst().orElseThrow()
                    .substring("websocket: ".length());

            // WHEN alice connects to the lobby, sends asking for an ack and leaves; an expired token and no token knock
            try (WsClient alice = WsClient.connect(URI.create(websocket + "?token=" + DevTokens.mint("alice")
                    + "&room=lobby"))) {
                alice.send("{\"action\":\"send\",\"room\":\"lobby\",\"data\":\"hi\",\"ack\":true}");
                Fixture.await(Duration.ofSeconds(20), () -> alice.frames.stream().anyMatch(f -> f.contains("\"ack\"")),
                        "alice's ack");
            }
            Clock yesterday = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
            String expired = new DevTokens(DevTokens.DEV_SECRET, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE,
                    Duration.ofHours(1), yesterday).token("mallory");
            assertThat(WsClient.handshakeStatus(URI.create(websocket + "?token=" + expired))).isEqualTo(403);
            assertThat(WsClient.handshakeStatus(URI.create(websocket))).isEqualTo(401);
            Fixture.await(Duration.ofSeconds(20), () -> read(log).stream().anyMatch(l -> l.contains("$disconnect")),
                    "alice's $disconnect");
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            lines = read(log);
        } finally {
            p.destroyForcibly();
        }

        // THEN one line per invocation, the refusals with their reasons, and no raw JSON
        assertThat(lines).as(String.join("\n", lines))
                .anyMatch(l -> l.matches(LINE + "authorizer +alice +\\d+ ms  allow"))
                .anyMatch(l -> l.matches(LINE + "\\$connect +alice +\\d+ ms  200"))
                .anyMatch(l -> l.matches(LINE + "send +alice +\\d+ ms  200"))
                .anyMatch(l -> l.matches(LINE + "\\$disconnect +alice +\\d+ ms  200"))
                .anyMatch(l -> l.matches(LINE + "authorizer +- +\\d+ ms  deny EXPIRED"))
                .anyMatch(l -> l.matches(LINE + "\\$connect +- +0 ms  401 Unauthorized: no token .*"))
                .noneMatch(l -> l.startsWith("{"));
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
