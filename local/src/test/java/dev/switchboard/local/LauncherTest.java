package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.devkit.DynaliteProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code ./switchboard}: help for every command, the same usage on every error, and answers that come
 * before anything slow starts. Each run puts stand-ins for {@code mvn}, {@code java}, {@code npm} and {@code node} first
 * on the PATH that only record that they were called: a rejected command must call none of them (no build, no JVM,
 * no dynalite).
 */
class LauncherTest {
    static final Path ROOT = DynaliteProcess.projectRoot();

    @TempDir
    static Path dir;
    static Path calls;
    static String help;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void standIns() throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        calls = dir.resolve("calls.log");
        for (String tool : List.of("mvn", "java", "npm", "node", "npx")) {
            Path p = bin.resolve(tool);
            Files.writeString(p, "#!/bin/sh\necho \"" + tool + " $*\" >> '" + calls + "'\nexit 97\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        help = launcher("help").out();
    }

    static Run launcher(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("switchboard").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        return run(pb);
    }

    static Run run(ProcessBuilder pb) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish within 60 s: " + pb.command());
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    static String toolsCalled() throws IOException {
        return Files.exists(calls) ? Files.readString(calls) : "";
    }

    @Test
    void help_listsEveryCommandAndTheBannersChatPageLine() {
        assertThat(help).startsWith("usage: ./switchboard <command> [options]");
        assertThat(help).contains("\n  local ", "\n  token ", "\n  cost ", "\n  help ");
        // every line the local API prints when ready, as Main prints them
        assertThat(help).contains("websocket: ws://127.0.0.1:PORT/STAGE", "management: http://127.0.0.1:PORT/STAGE/@connections",
                "dynamodb: http://127.0.0.1:PORT", "token: <a dev JWT", "chat page: http://127.0.0.1:PORT/");
    }

    @Test
    void commandHelp_printsTheUsage_withoutBuildingOrStarting() throws Exception {
        for (String[] args : new String[][]{{"local", "--help"}, {"token", "--help"}, {"local", "-h"},
                {"local", "--port", "0", "--help"}, {"--help"}, {"-h"}}) {
            Run r = launcher(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).isEqualTo(help);
        }
        assertThat(toolsCalled()).isEmpty();
    }

    @Test
    void badUsage_exits2_withTheMessageAndTheSameUsage_beforeAnyBuild() throws Exception {
        record Case(String[] args, String message) {
        }
        for (Case c : List.of(new Case(new String[]{"local", "--bogus"}, "unknown option '--bogus' for local"),
                new Case(new String[]{"token", "--user"}, "--user needs a value"),
                new Case(new String[]{"token", "--port", "1"}, "unknown option '--port' for token"),
                new Case(new String[]{"nosuch"}, "unknown command 'nosuch'"))) {
            Run r = launcher(c.args());
            assertThat(r.code()).as(String.join(" ", c.args())).isEqualTo(2);
            assertThat(r.err()).isEqualTo("switchboard: " + c.message() + "\n" + help);
            assertThat(r.out()).isEmpty();
        }
        assertThat(toolsCalled()).isEmpty();
    }

    @Test
    void busyPort_isReportedAtOnce_beforeTheBuildAndDynaliteStart() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            for (String option : List.of("--port", "--dynamodb-port")) {
                Run r = option.equals("--port") ? launcher("local", "--port", Integer.toString(port))
                        : launcher("local", "--port", "0", option, Integer.toString(port));
                assertThat(r.code()).as(r.err()).isEqualTo(1);
                assertThat(r.err()).startsWith("switchboard: " + option + " " + port + ": 127.0.0.1:" + port
                        + " is already in use").contains("Fix: ", "0 = any free port");
            }
        }
        assertThat(toolsCalled()).isEmpty();
    }

    /** Main, which the launcher runs for local and token, prints the launcher's usage on the errors it finds itself. */
    @Test
    void main_printsTheSameUsage_onAnErrorOnlyItSees() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Run r = run(new ProcessBuilder(java.toString(), "-cp", classpath, Main.class.getName(), "token", "--user", "bob",
                "--ttl", "soon").directory(ROOT.toFile()));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        // the usage, then ExitLog's line with the exit code (issue 11: every exit says why)
        assertThat(r.err()).startsWith("switchboard: --ttl").contains("\n" + help)
                .containsPattern("exiting, exit code 2 \\(bad usage\\)\\n?$");
    }
}
