package dev.switchboard.cloudflare;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.devkit.Watchdog;
import dev.switchboard.jsplatforms.Repo;
import dev.switchboard.jsplatforms.WorkerSettings;
import dev.switchboard.jsplatforms.WorkerdConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the Worker's tests ({@code src/test/node/*.test.mjs}, node's built-in test runner) against the real workerd
 * runtime from node_modules, with real {@code ws} clients. This class renders the configuration from the blueprint
 * (as {@code ./switchboard local --platform cloudflare} does) and hands its path to node; each test file starts its
 * own workerd on a free port with its own Durable Object storage.
 *
 * <p>The rendered limits are the reference blueprint's, with a members page of 5 users and presence up to 10, so that
 * paging and the presence cut-off show with few clients.
 */
class WorkerdSuiteTest {
    static final String SECRET = "workerd-suite-hs256-secret-at-least-32-bytes";
    static final int PAGE = 5;
    static final int PRESENCE_MAX = 10;
    private static Path config;
    private static String settings;
    private static int jwksPort;
    private static Repo repo;
    /**
     * Files that mostly wait, started with the class so that their waiting overlaps the other files' runs:
     * hibernation.test.mjs idles 12 s for workerd to evict its objects, with its own workerd, port and storage.
     */
    static final List<String> STARTED_EARLY = List.of("hibernation.test.mjs");
    private static final Map<String, NodeRun> EARLY = new HashMap<>();

    @BeforeAll
    static void render() throws IOException {
        repo = Repo.locate();
        Blueprint b = TestBlueprints.devWithMembers();
        b = b.withLimits(b.limits().toBuilder().membersPageSize(PAGE).presenceMaxMembers(PRESENCE_MAX).build());
        jwksPort = Watchdog.freePort();
        ObjectNode s = WorkerSettings.render(b, "switchboard-test", "switchboard-test-dev",
                "http://127.0.0.1:" + jwksPort + "/jwks.json", 4, true);
        settings = WorkerSettings.json(s);
        Path dir = repo.root().resolve("cloudflare/target/workerd-suite");
        config = new WorkerdConfig(repo.workerDir(), repo.webDir(), repo.clientsDir(), dir.resolve("unused-storage"),
                "127.0.0.1:0", settings, SECRET).write(dir);
        for (String file : STARTED_EARLY) {
            EARLY.put(file, NodeRun.start(file));
        }
    }

    @AfterAll
    static void stopEarly() {
        for (NodeRun r : EARLY.values()) {
            r.process.descendants().forEach(ProcessHandle::destroyForcibly);
            r.process.destroyForcibly();
        }
    }

    static Stream<String> testFiles() throws IOException {
        try (Stream<Path> files = Files.list(Repo.locate().root().resolve("cloudflare/src/test/node"))) {
            // the files started early last: the others run while they wait
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test.mjs"))
                    .sorted(Comparator.comparing((String n) -> STARTED_EARLY.contains(n)).thenComparing(n -> n))
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testFiles")
    void nodeTestsPassAgainstWorkerd(String file) throws Exception {
        NodeRun run = EARLY.containsKey(file) ? EARLY.get(file) : NodeRun.start(file);
        boolean done = run.process.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            run.process.descendants().forEach(ProcessHandle::destroyForcibly); // workerd, which node started
            run.process.destroyForcibly();
        }
        String out = Files.readString(run.log, StandardCharsets.UTF_8);
        System.out.println(out);
        Files.deleteIfExists(run.log);
        assertThat(done).as("node --test %s finished within 120 s:%n%s", file, out).isTrue();
        assertThat(run.process.exitValue()).as("node --test %s:%n%s", file, out).isZero();
    }

    /** One {@code node --test} of one file, its output going to {@code log}. */
    private record NodeRun(Process process, Path log) {
        static NodeRun start(String file) throws IOException {
            Path log = Files.createTempFile("node-test-", ".log");
            ProcessBuilder pb = new ProcessBuilder(List.of("node", "--test", "--test-reporter=spec",
                    "cloudflare/src/test/node/" + file))
                    .directory(repo.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            var env = pb.environment();
            env.put("SWITCHBOARD_ROOT", repo.root().toString());
            env.put("SWITCHBOARD_WORKERD_CONFIG", config.toString());
            env.put("SWITCHBOARD_WORKERD", repo.workerd().toString());
            env.put("SWITCHBOARD_SETTINGS", settings);
            env.put("SWITCHBOARD_JWT_SECRET", SECRET);
            env.put("SWITCHBOARD_JWKS_PORT", Integer.toString(jwksPort));
            return new NodeRun(pb.start(), log);
        }
    }
}
