package dev.switchboard.azure.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzuriteProcessTest {

    @Test
    void start_withPortZero_servesTheTableApiOnTheReportedPort() throws Exception {
        // GIVEN / WHEN Azurite's Table service started on any free port
        try (AzuriteProcess a = AzuriteProcess.start()) {
            // THEN the Table API answers there (an unsigned request is refused by Azurite itself, with its request id)
            assertThat(a.tableEndpoint().toString()).isEqualTo("http://127.0.0.1:" + a.port() + "/devstoreaccount1");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(a.tableEndpoint() + "/Tables")).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("x-ms-request-id")).isPresent();
            assertThat(a.connectionString()).contains("TableEndpoint=" + a.tableEndpoint());
        }
    }

    @Test
    void close_stopsTheChild_andFreesThePort() {
        // GIVEN a running Azurite
        AzuriteProcess a = AzuriteProcess.start();
        int port = a.port();
        ProcessHandle child = ProcessHandle.of(a.pid()).orElseThrow();
        // WHEN it is closed
        a.close();
        // THEN the process is gone and nothing listens on its port
        assertThat(child.isAlive()).isFalse();
        assertThat(a.isAlive()).isFalse();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void start_withoutAzuriteInstalled_namesTheFix(@TempDir Path emptyRoot) {
        assertThatThrownBy(() -> AzuriteProcess.start(emptyRoot, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("azurite is not installed").hasMessageContaining("npm ci");
    }
}
