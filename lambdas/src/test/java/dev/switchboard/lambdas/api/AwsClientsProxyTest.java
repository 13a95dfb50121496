package dev.switchboard.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.lambdas.store.Member;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The handlers' HTTP client asks the JVM's default {@link ProxySelector} for every request, as
 * {@link java.net.HttpURLConnection} does: proxy settings given to the JVM apply, and the local API refuses a
 * timed-out invocation's requests through it (switchboard-local's {@code FunctionTimeouts}). The SDK's Apache client
 * plans its routes from its own proxy configuration unless given a route planner
 * (https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/http-configuration-apache.html); the JVM's selector is
 * reached through HttpClient's {@code SystemDefaultRoutePlanner}.
 */
class AwsClientsProxyTest {

    @Test
    void post_whenTheJvmsProxySelectorNamesARefusingProxy_isRefusedBeforeItLeaves() throws Exception {
        AtomicInteger posts = new AtomicInteger();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", ex -> {
            posts.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        api.start();
        ThreadLocal<Boolean> refuse = ThreadLocal.withInitial(() -> false);
        ProxySelector previous = ProxySelector.getDefault();
        Proxy nowhere = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", 1));
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return refuse.get() ? List.of(nowhere) : previous.select(uri);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        String callback = "http://127.0.0.1:" + api.getAddress().getPort() + "/dev";
        try (AwsClients clients = AwsClients.of(HandlerConfig.fromEnv(Map.of(EnvVars.TABLE_NAME, "unused",
                EnvVars.DYNAMODB_ENDPOINT, "http://127.0.0.1:1", EnvVars.CALLBACK_URL, callback,
                EnvVars.REGION, "us-east-1")))) {
            Member ann = new Member("Cabc=", "ann", "us-east-1", callback);

            assertThat(clients.managementApi().post(ann, new byte[] {'{', '}'})).isEqualTo(ManagementApi.Outcome.DELIVERED);
            refuse.set(true);
            assertThat(clients.managementApi().post(ann, new byte[] {'{', '}'})).isEqualTo(ManagementApi.Outcome.FAILED);
            assertThat(posts).as("posts that reached the server").hasValue(1);
        } finally {
            ProxySelector.setDefault(previous);
            api.stop(0);
        }
    }
}
