package dev.switchboard.vercel;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local chat page on {@code --platform vercel}: the page's files and the JavaScript client's modules served as
 * they are, with the security headers of the other local platforms, and the dev-token endpoint the page calls.
 */
class ChatPageOnVercelTest {
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
    void page_andClientModule_areServedAsTheyAre_withSecurityHeaders() throws Exception {
        HttpResponse<String> page = get("/");
        HttpResponse<String> module = get("/clients/switchboard.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo(Files.readString(LocalMain.root().resolve(
                "devkit/src/main/resources/dev/switchboard/devkit/web/index.html")));
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(v ->
                assertThat(v).contains("default-src 'none'", "frame-ancestors 'none'"));
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.body()).isEqualTo(Files.readString(LocalMain.root().resolve("clients/js/lib/switchboard.js")));
        assertThat(module.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/clients/../../pom.js").statusCode()).isEqualTo(404);
        assertThat(get("/clients/nosuch.js").statusCode()).isEqualTo(404);
    }

    @Test
    void devTokenEndpoint_answersATokenTheFunctionAccepts() throws Exception {
        HttpResponse<String> r = get("/_switchboard/token?user=alice");

        assertThat(r.statusCode()).isEqualTo(200);
        String token = r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        HTTP.newWebSocketBuilder().buildAsync(URI.create(vercel.websocketUrl() + "?token=" + token),
                new java.net.http.WebSocket.Listener() { }).join().abort();
        assertThat(get("/_switchboard/token?user=").statusCode()).isEqualTo(400);
    }

    @Test
    void pageOfAnotherOrigin_isRefused_onTheTokenEndpointAndTheUpgrade() throws Exception {
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vercel.port()
                + "/_switchboard/token?user=alice")).header("Origin", "http://evil.example").build(),
                HttpResponse.BodyHandlers.ofString());
        var upgrade = HTTP.newWebSocketBuilder().header("Origin", "http://evil.example")
                .buildAsync(URI.create(vercel.websocketUrl() + "?token=" + DevTokens.mint("alice")),
                        new java.net.http.WebSocket.Listener() { });

        assertThat(token.statusCode()).isEqualTo(403);
        assertThat(token.body()).contains("CROSS_ORIGIN");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(upgrade::join)).rootCause()
                .hasMessageContaining("status code 403");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vercel.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
