package dev.switchboard.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.lambdas.api.Json;
import dev.switchboard.lambdas.auth.AuthorizerEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar, {@code target/switchboard-lambdas.jar} (shaded, then shrunk by ProGuard: see proguard.conf), as
 * Lambda runs it: every deployed function's handler is loaded from that jar alone, in a class loader that sees nothing
 * of the test's classpath, and a chat runs through them against dynalite and a management API server. The unit tests
 * run the handlers' classes, not this jar; this is where a class that the shrinking dropped would show. Run by
 * failsafe after {@code package}.
 *
 * <p>By hand: {@code mvn -B -DskipNpm -pl lambdas -am verify -Dit.test=HandlerJarIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class HandlerJarIT {
    static final Path JAR = Path.of("target", "switchboard-lambdas.jar");
    /** The bound issue 26 sets for the bundled handlers' jar (10 MiB; it was 11.9 MiB before the shrinking). */
    static final long MAX_JAR_BYTES = 10L * 1024 * 1024;

    private static Harness world;
    private static URLClassLoader jar;

    @BeforeAll
    static void start() throws IOException {
        world = new Harness();
        URL url = JAR.toUri().toURL();
        jar = new URLClassLoader("switchboard-lambdas.jar", new URL[] {url}, ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void stop() throws IOException {
        jar.close();
        world.close();
    }

    @Test
    void handlerJar_isAtMostTenMebibytes() throws IOException {
        // lambdas/pom.xml's jdk-without-jmods profile: a JDK with no jmods folder cannot shrink the jar
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Boolean.parseBoolean(System.getProperty("switchboard.handlerJarShrunk", "true")),
                "the handler jar was built unshrunk (this JDK has no jmods folder)");
        assertThat(Files.size(JAR)).as("size of " + JAR.toAbsolutePath()).isLessThanOrEqualTo(MAX_JAR_BYTES);
    }

    @Test
    void everyDeployedFunction_initialisesFromTheJarAlone() throws Exception {
        for (FunctionSpec fn : Harness.BLUEPRINT.deployedFunctions()) {
            Object handler = handler(fn.name());

            assertThat(handler.getClass().getClassLoader()).as(fn.name()).isSameAs(jar);
        }
    }

    @Test
    void chat_throughTheJarsHandlers_authorizesConnectsSendsAcksAndDisconnects() throws Exception {
        // GIVEN the jar's authorizer, $connect, send and $disconnect handlers on dynalite and the management API
        Object authorizer = handler("authorizer");
        Object connect = handler("connect");
        Object send = handler("send");
        Object disconnect = handler("disconnect");
        String alice = Harness.newConnectionId();
        String bob = Harness.newConnectionId();
        world.api.connect(alice);
        world.api.connect(bob);

        // WHEN alice's handshake is authorized, both join the lobby, alice sends asking for an ack, and she leaves
        JsonNode handshake = Json.MAPPER.readTree(AuthorizerEvents.withToken(DevTokens.defaults().token("alice")));
        JsonNode policy = invoke(authorizer, handshake);
        JsonNode aliceIn = invoke(connect, Harness.connectEvent(alice, "alice", "lobby"));
        JsonNode bobIn = invoke(connect, Harness.connectEvent(bob, "bob", "lobby"));
        invoke(send, Harness.messageEvent(alice, "alice", Json.MAPPER.readTree(
                "{\"action\":\"send\",\"room\":\"lobby\",\"data\":\"hi\",\"ack\":true,\"cid\":\"c-1\"}")));
        JsonNode aliceOut = invoke(disconnect, Harness.disconnectEvent(alice, "alice"));

        // THEN the policy allows alice, bob got the message, alice got her ack, and her record is gone
        assertThat(policy.at("/policyDocument/Statement/0/Effect").asText()).isEqualTo("Allow");
        assertThat(policy.at("/context/userId").asText()).isEqualTo("alice");
        assertThat(aliceIn.path("statusCode").asInt()).isEqualTo(200);
        assertThat(bobIn.path("statusCode").asInt()).isEqualTo(200);
        assertThat(frames(bob, "message")).extracting(m -> m.path("data").asText()).containsExactly("hi");
        assertThat(frames(alice, "ack")).extracting(m -> m.path("cid").asText() + " " + m.path("delivered").asInt())
                .containsExactly("c-1 1");
        assertThat(aliceOut.path("statusCode").asInt()).isEqualTo(200);
    }

    /** The frames of that type posted to the connection. */
    private static List<JsonNode> frames(String connectionId, String type) {
        return world.api.frames(connectionId).stream().map(Json::parseOrNull)
                .filter(f -> f != null && f.path("type").asText().equals(type)).toList();
    }

    /** The function's handler, built from the jar through its {@code Map<String, String>} constructor. */
    private static Object handler(String function) throws Exception {
        FunctionSpec fn = Harness.BLUEPRINT.deployedFunctions().stream().filter(f -> f.name().equals(function))
                .findFirst().orElseThrow();
        Map<String, String> env = new HashMap<>(Harness.BLUEPRINT.staticEnvironment(fn));
        env.putAll(world.env(Map.of()));
        env.put(EnvVars.JWT_SECRET, DevTokens.DEV_SECRET);
        env.put(EnvVars.JWT_ISSUER, DevTokens.DEFAULT_ISSUER);
        env.put(EnvVars.JWT_AUDIENCE, DevTokens.DEFAULT_AUDIENCE);
        env.put("AWS_REGION", "us-east-1");
        Class<?> type = Class.forName(fn.handler(), true, jar);
        return type.getConstructor(Map.class).newInstance(env);
    }

    /** Lambda's stream interface, called through the jar's own copy of {@code RequestStreamHandler}. */
    private static JsonNode invoke(Object handler, JsonNode event) throws Exception {
        Class<?> context = jar.loadClass("com.amazonaws.services.lambda.runtime.Context");
        Method handle = handler.getClass().getMethod("handleRequest", InputStream.class, OutputStream.class, context);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handle.invoke(handler, new ByteArrayInputStream(Json.bytes(event)), out, null);
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
