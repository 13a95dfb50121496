package dev.switchboard.bench.devloop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devkit.DynaliteProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Build your own app", end to end, as a user takes it: install Switchboard's artifacts into the build's own
 * local Maven repository, generate a project from switchboard-archetype into a temporary folder, {@code mvn -o -B
 * verify} it, start its {@code mvn switchboard:dev}, and over real WebSocket connections: the custom route works;
 * an edit of the handler's source is what the next message runs, on the same connections; a syntax error leaves the
 * server running and the route answering INTERNAL; fixing the source heals it.
 *
 * <p>Slow (an install of every module and two nested Maven builds: minutes), so a smoke test: bench/smoke.sh runs it
 * (and .ci/run runs that), not the README's test command. Alone: {@code bench/smoke.sh -Dtest=DevLoopSmokeTest}.
 */
class DevLoopSmokeTest {
    private static final Duration STEP = Duration.ofMinutes(8);
    private static final Path ROOT = DynaliteProcess.projectRoot();

    @TempDir
    Path work;

    @Test
    void generatedProject_verifiesOffline_andItsDevServerReloadsEditsOnOpenConnections() throws Exception {
        String repo = System.getProperty("switchboard.m2");
        assertThat(repo).as("the build's local repository (bench/pom.xml passes it)").isNotBlank();
        String version = System.getProperty("switchboard.version");

        // GIVEN Switchboard's artifacts installed (README, "Install the artifacts") and a project generated from the template
        run(ROOT, "mvn", "-B", "-q", "-DskipNpm", "-Dmaven.test.skip=true", "-Dmaven.repo.local=" + repo, "install");
        run(work, "mvn", "-B", "-q", "-Dmaven.repo.local=" + repo,
                "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate", "-DinteractiveMode=false",
                "-DarchetypeGroupId=dev.switchboard", "-DarchetypeArtifactId=switchboard-archetype",
                "-DarchetypeVersion=" + version, "-DgroupId=com.example", "-DartifactId=chat",
                "-Dpackage=com.example.chat");
        Path chat = work.resolve("chat");
        // the project's `npm install` of dynalite, without the network: the same package from Switchboard's node_modules
        Files.createSymbolicLink(chat.resolve("node_modules"), ROOT.resolve("node_modules"));

        // WHEN its tests run offline against those artifacts, THEN they pass
        run(chat, "mvn", "-B", "-o", "-Dmaven.repo.local=" + repo, "verify");
        assertThat(chat.resolve("handlers/target/handlers.jar")).isRegularFile();

        // WHEN its dev server runs
        try (DevServer dev = DevServer.start(chat, repo, STEP)) {
            DevClient ann = DevClient.connect(dev.websocket(), "ann", "lobby");
            DevClient ben = DevClient.connect(dev.websocket(), "ben", "lobby");
            // THEN the custom route tells the room's other member
            ann.send("{\"action\":\"typing\",\"room\":\"lobby\"}");
            assertThat(ben.next()).isEqualTo("{\"type\":\"typing\",\"room\":\"lobby\",\"user\":\"ann\"}");

            // WHEN the handler's source is edited and saved, THEN the next message runs the new code, same connections
            Path source = chat.resolve("handlers/src/main/java/com/example/chat/TypingHandler.java");
            String original = Files.readString(source);
            Files.writeString(source, original.replace(".put(\"type\", \"typing\")", ".put(\"type\", \"typing\").put(\"edited\", true)"));
            ann.send("{\"action\":\"typing\",\"room\":\"lobby\"}");
            assertThat(ben.next()).isEqualTo("{\"type\":\"typing\",\"edited\":true,\"room\":\"lobby\",\"user\":\"ann\"}");

            // WHEN a save has a syntax error, THEN the server keeps running and the route answers INTERNAL
            Files.writeString(source, original.replace("return RouteResponse.ok();", "return RouteResponse.ok()"));
            ann.send("{\"action\":\"typing\",\"room\":\"lobby\"}");
            assertThat(ann.next()).contains("\"type\":\"error\"").contains("\"code\":\"INTERNAL\"");
            ann.send("{\"action\":\"ping\"}");
            assertThat(ann.next()).startsWith("{\"type\":\"pong\"");
            assertThat(dev.output()).contains("';' expected");

            // WHEN the source is fixed, THEN the route heals
            Files.writeString(source, original);
            ann.send("{\"action\":\"typing\",\"room\":\"lobby\"}");
            assertThat(ben.next()).isEqualTo("{\"type\":\"typing\",\"room\":\"lobby\",\"user\":\"ann\"}");
            assertThat(ann.isOpen() && ben.isOpen()).as("both connections stayed open").isTrue();
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(STEP.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took longer than " + STEP + ":\n" + out);
        }
        assertThat(p.exitValue()).as("%s in %s:\n%s", String.join(" ", command), dir, out).isZero();
    }
}
