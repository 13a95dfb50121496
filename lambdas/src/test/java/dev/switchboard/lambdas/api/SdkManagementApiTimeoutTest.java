package dev.switchboard.lambdas.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.lambdas.store.Member;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * A post to an endpoint that accepts the connection and never answers ends FAILED after {@link
 * SdkManagementApi#POST_TIMEOUT} (3 s), the bound it had when the client set a 3 s attempt timeout under a 5 s call
 * timeout; the client now sets the call timeout only (one attempt, so it is the attempt's too), which schedules one
 * timer task per post instead of two. The HTTP client's own socket timeout is longer (10 s), so the SDK's call timeout
 * is what ends the post
 * (the call timeout includes every attempt: https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/timeouts.html).
 */
class SdkManagementApiTimeoutTest {

    @Test
    void post_toAnEndpointThatNeverAnswers_failsAfterThePostTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SdkHttpClient http = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)).build()) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/dev";
            SdkManagementApi api = new SdkManagementApi(http,
                    u -> StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), "us-east-1",
                    null);
            long start = System.nanoTime();
            ManagementApi.Outcome o = api.post(new Member("Cabc=", "ann", "us-east-1", url), new byte[]{'{', '}'});
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(o).isEqualTo(ManagementApi.Outcome.FAILED);
            assertThat(tookMillis).isBetween(SdkManagementApi.POST_TIMEOUT.toMillis() - 100,
                    SdkManagementApi.POST_TIMEOUT.toMillis() + 1_500);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
