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
 * posts. The handlers' HTTP client pools its connections, up to a number set when it is built (the SDK's Apache
 * client: {@code maxConnections}, default 50, per destination and in all, so a pool too small for the posts in flight
 * makes posts wait or, if it let them through, connections close); on AWS each new connection is a TLS handshake with
 * the {@code @connections} endpoint. Measured in a separate JVM ({@link KeepAliveProbe}), which also keeps the JDK's
 * own once-per-process HTTP settings out of it.
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
