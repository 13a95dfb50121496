package dev.switchboard.azure.webpubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code ./switchboard local --platform azure}'s entry point: the banner's URLs work, bad options are named. */
class LocalMainTest {
    static Map<String, String> banner(String out) {
        return Arrays.stream(out.split("\n")).map(l -> l.split(": ", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
    }

    @Test
    void theBannersClientUrl_connectsAsAlice_andTheConnectionStringDrivesTheService() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LocalWebPubSub wps = LocalMain.start(new String[]{"--platform", "azure", "--port", "0", "--hub", "demo"},
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            Map<String, String> b = banner(out.toString(StandardCharsets.UTF_8));
            assertThat(b.get("websocket")).isEqualTo("ws://127.0.0.1:" + wps.port() + "/client/hubs/demo");
            assertThat(b.get("connection string")).startsWith("Endpoint=http://127.0.0.1:" + wps.port() + ";AccessKey=")
                    .endsWith(";Version=1.0;");
            assertThat(b.get("event handler")).startsWith("none");
            assertThat(b.get("webhook origin")).startsWith("127.0.0.1:" + wps.port() + " ");
            TestSocket alice = TestSocket.connect(b.get("client url"), "json.webpubsub.azure.v1");
            assertThat(alice.nextJson().path("userId").asText()).isEqualTo("alice");
            alice.send("{\"type\":\"joinGroup\",\"group\":\"g\",\"ackId\":1}");
            assertThat(alice.nextJson().path("success").asBoolean()).isTrue();
            assertThat(TestSocket.refusal(b.get("websocket"))).isEqualTo(401);
        }
    }

    @Test
    void badOptions_nameTheOptionAndTheFix() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LocalMain.start(new String[]{"--bogus"}, out))
                .hasMessage("unknown option '--bogus' for local --platform azure");
        assertThatThrownBy(() -> LocalMain.start(new String[]{"--port", "0", "--event-handler", "ftp://x/y"}, out))
                .hasMessageStartingWith("--event-handler: ").hasMessageContaining("http or https URL");
        assertThatThrownBy(() -> LocalMain.start(new String[]{"--port", "0", "--hub", "9lives"}, out))
                .hasMessageStartingWith("--hub: hub name '9lives'");
        assertThatThrownBy(() -> LocalMain.start(new String[]{"--port"}, out)).hasMessage("--port needs a value");
    }
}
