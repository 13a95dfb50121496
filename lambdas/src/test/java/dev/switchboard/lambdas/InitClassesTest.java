package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a handler's init loads (issue 29, cold start): the {@code @connections} client is built on the first post, so
 * a {@code $connect} (which never posts to its own connection) does not load it at init; with priming on
 * ({@code SWITCHBOARD_PRIME=true}, for SnapStart's snapshot) init builds it. Each case in a fresh JVM
 * ({@link InitClassesProbe}), since a class loads once per JVM.
 */
class InitClassesTest {
    private static final String MANAGEMENT_CLIENT =
            "software.amazon.awssdk.services.apigatewaymanagementapi.DefaultApiGatewayManagementApiClient";

    @Test
    void connectInit_withoutPriming_loadsNoManagementApiClient() throws Exception {
        assertThat(classesLoadedAtInit("false")).doesNotContain(MANAGEMENT_CLIENT)
                .contains("software.amazon.awssdk.services.dynamodb.DefaultDynamoDbClient");
    }

    @Test
    void connectInit_withPriming_buildsThisRegionsManagementApiClient() throws Exception {
        assertThat(classesLoadedAtInit("true")).contains(MANAGEMENT_CLIENT);
    }

    private static List<String> classesLoadedAtInit(String prime) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-Xlog:class+load=info:stdout", "-cp",
                System.getProperty("java.class.path"), InitClassesProbe.class.getName(), prime))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int constructed = out.indexOf("\nCONSTRUCTED");
        assertThat(constructed).as(out.length() > 2000 ? out.substring(out.length() - 2000) : out).isPositive();
        // -Xlog lines: "[<uptime>][info][class,load] <class name> source: ..."
        return out.substring(0, constructed).lines().filter(l -> l.contains("[class,load]"))
                .map(l -> l.substring(l.indexOf("[class,load]") + 13).split(" ")[0]).toList();
    }
}
