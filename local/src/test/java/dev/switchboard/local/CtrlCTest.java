package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.DynaliteProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C the way a terminal sends it: SIGINT to the whole foreground process group, which holds the gateway's JVM and
 * its dynalite child. The gateway (started like {@code ./switchboard local}: {@code java ... Main local}) runs in a
 * session and process group of its own, so that the signal reaches it and its child but not this test: a small Node
 * launcher spawns it {@code detached} (setsid), which also resets signal dispositions to the defaults a terminal's
 * job has (a build started in the background may have inherited SIGINT as ignored). The gateway must run
 * {@code $disconnect} for every open connection without an error, which needs dynalite to outlive the JVM's close,
 * and then exit 130 (128 + SIGINT), logging the exit code.
 */
class CtrlCTest {
    private static final int CLIENTS = 12;

    @Test
    void sigintToTheProcessGroup_runsEveryDisconnectWithoutErrors() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ctrlc");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process launcher = new ProcessBuilder("node", "-e", LAUNCHER, java, "-Xss512k", "-cp",
                System.getProperty("java.class.path"), "-Dswitchboard.root=" + DynaliteProcess.projectRoot(),
                "dev.switchboard.local.Main", "local", "--port", "0", "--jwt-secret", DevTokens.DEV_SECRET)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            URI ws = awaitWebsocketUrl(launcher, out);
            long pid = Long.parseLong(find(err, Pattern.compile("LAUNCHED (\\d+)")));
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(WsClient.connect(URI.create(ws + "?token=" + DevTokens.mint("ctrlc" + i) + "&room=ctrlc")));
            }
            for (WsClient c : clients) {
                c.send("{\"action\":\"ping\"}");
                c.awaitFrame("\"pong\"");
            }
            long pgid = Long.parseLong(run("ps", "-o", "pgid=", "-p", Long.toString(pid)).trim());
            assertThat(pgid).as("the gateway leads its own process group").isEqualTo(pid);

            run("kill", "-s", "INT", "--", "-" + pgid);

            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits").isTrue();
            for (WsClient c : clients) {
                assertThat(c.awaitClose().code()).isEqualTo(1001);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            String both = stdout + "\n" + stderr;
            long disconnects = stdout.lines().filter(l -> l.contains("\"route\":\"$disconnect\"")
                    && l.contains("\"message\":\"handled\"") && l.contains("\"outcome\":\"ok\"")).count();
            assertThat(both).as("gateway output").doesNotContain("Connection refused").doesNotContain("\"level\":\"ERROR\"")
                    .doesNotContain("$disconnect failed");
            assertThat(disconnects).as("$disconnect handled ok, per connection").isEqualTo(CLIENTS);
            assertThat(stderr).contains("GATEWAY EXITED 130");
            assertThat(stderr).contains("exiting, exit code 130 (SIGINT)");
        } finally {
            ProcessHandle.of(launcher.pid()).ifPresent(ProcessHandle::destroyForcibly);
            try {
                String pid = find(err, Pattern.compile("LAUNCHED (\\d+)"));
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
            } catch (AssertionError | IOException e) {
                // never launched
            }
        }
    }

    /** Spawns argv in a new session with default signal dispositions; reports its pid and exit code on stderr. */
    private static final String LAUNCHER = String.join("\n",
            "const { spawn } = require('child_process');",
            "const c = spawn(process.argv[1], process.argv.slice(2), { detached: true, stdio: 'inherit' });",
            "console.error('LAUNCHED ' + c.pid);",
            "c.on('exit', (code, signal) => { console.error('GATEWAY EXITED ' + (code === null ? signal : code)); process.exit(0); });");

    private static String find(Path file, Pattern p) throws IOException {
        Matcher m = p.matcher(Files.readString(file, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new AssertionError("no " + p + " in " + file);
        }
        return m.group(1);
    }

    private static URI awaitWebsocketUrl(Process p, Path out) throws IOException, InterruptedException {
        Pattern url = Pattern.compile("websocket: (ws://\\S+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("the gateway exited " + p.exitValue() + ": " + Files.readString(out));
            }
            Matcher m = url.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (m.find() && Files.readString(out, StandardCharsets.UTF_8).contains("chat page:")) {
                return URI.create(m.group(1));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("the gateway printed no websocket URL within 60 s");
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + text).isZero();
        return text;
    }
}
