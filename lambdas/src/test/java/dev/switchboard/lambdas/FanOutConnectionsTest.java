package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A fan-out reuses its connections: 1,000 posts with 64 in flight open about 64 TCP connections, not one for most
 * posts. The URL-connection client keeps idle connections in the JDK's keep-alive cache, which holds
 * {@code http.maxConnections} per destination, default 5
 * (https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/net/doc-files/net-properties.html); on AWS each new
 * connection is a TLS handshake with the {@code @connections} endpoint. Measured in a separate JVM
 * ({@link KeepAliveProbe}) because the JDK reads the property once per process.
 */
class FanOutConnectionsTest {
    @Test
    void fanOut_of1000PostsAt64InFlight_opensAboutOneConnectionPerPostInFlight() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                KeepAliveProbe.class.getName(), "1000", "64")).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("connections=(\\d+) posts=1000 delivered=(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        int connections = Integer.parseInt(m.group(1));
        System.out.println("fan-out of 1000 posts at 64 in flight: " + connections + " TCP connections");
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(1000);
        assertThat(connections).isLessThanOrEqualTo(64 + 16);
    }
}
