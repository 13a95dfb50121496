package dev.switchboard.azure.webpubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalWebPubSub.Options#routes}: a runner's extra routes answer on the service's port, and every request they
 * leave alone reaches the service as before (the REST API, the client endpoint, the 404 naming the service's routes).
 */
class ExtraRoutesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Answers {@code GET /hello} and nothing else. */
    private static final class Hello extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!request.getHttpURI().getPath().equals("/hello")) {
                return false;
            }
            response.setStatus(200);
            response.write(true, ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }

    private static HttpResponse<String> get(LocalWebPubSub wps, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(wps.endpoint() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mountedRoutes_answerBesideTheService_whichAnswersTheRest() throws Exception {
        try (LocalWebPubSub wps = LocalWebPubSub.start(LocalWebPubSub.Options.of().withLog(l -> { })
                .withRoutes(new Hello()))) {
            HttpResponse<String> hello = get(wps, "/hello");
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hi");
            assertThat(get(wps, "/api/health").statusCode()).isEqualTo(200);
            HttpResponse<String> other = get(wps, "/other");
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(other.body()).contains("no such route: GET /other");
            assertThat(TestSocket.refusal(wps.clientUrl("chat"))).isEqualTo(401);
        }
    }

    @Test
    void withoutRoutes_theServiceServesNothingElse() throws Exception {
        try (LocalWebPubSub wps = LocalWebPubSub.start(LocalWebPubSub.Options.of().withLog(l -> { }))) {
            assertThat(get(wps, "/hello").statusCode()).isEqualTo(404);
        }
    }
}
