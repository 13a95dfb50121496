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
 * The launcher {@code ./switchboard}: each command's own help, its usage on every error, answers that come before
 * anything slow starts, and the log format it picks. Each run puts stand-ins for {@code mvn}, {@code java}, {@code npm} and {@code node} first
 * on the PATH that only record that they were called: a rejected command must call none of them (no build, no JVM,
 * no dynalite).
 */
class LauncherTest {
    static final Path ROOT = DynaliteProcess.projectRoot();

    @TempDir
    static Path dir;
    static Path calls;
    static String help;
    static String localUsage;
    static String tokenUsage;
    static String probeUsage;

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
        Path usages = ROOT.resolve("local/src/main/resources/dev/switchboard/local");
        localUsage = Files.readString(usages.resolve("usage-local.txt"));
        tokenUsage = Files.readString(usages.resolve("usage-token.txt"));
        probeUsage = Files.readString(ROOT.resolve("probe/src/main/resources/dev/switchboard/probe/usage.txt"));
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
    void commandHelp_printsThatCommandsOwnUsage_withoutBuildingOrStarting() throws Exception {
        record Case(String[] args, String usage, String firstLine) {
        }
        for (Case c : List.of(new Case(new String[]{"local", "--help"}, localUsage, "usage: ./switchboard local"),
                new Case(new String[]{"local", "-h"}, localUsage, "usage: ./switchboard local"),
                new Case(new String[]{"local", "--port", "0", "--help"}, localUsage, "usage: ./switchboard local"),
                new Case(new String[]{"token", "--help"}, tokenUsage, "usage: ./switchboard token"),
                new Case(new String[]{"probe", "--help"}, probeUsage, "usage: ./switchboard probe"),
                new Case(new String[]{"--help"}, help, "usage: ./switchboard <command>"),
                new Case(new String[]{"-h"}, help, "usage: ./switchboard <command>"))) {
            Run r = launcher(c.args());
            assertThat(r.code()).as(String.join(" ", c.args()) + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", c.args())).startsWith(c.firstLine()).isEqualTo(c.usage());
        }
        assertThat(localUsage).contains("--log readable|json", "--platform aws|azure|cloudflare|vercel");
        assertThat(toolsCalled()).isEmpty();
    }

    @Test
    void badUsage_exits2_withTheMessageAndTheCommandsUsage_beforeAnyBuild() throws Exception {
        record Case(String[] args, String message, String usage) {
        }
        for (Case c : List.of(new Case(new String[]{"local", "--bogus"}, "unknown option '--bogus' for local", localUsage),
                new Case(new String[]{"local", "--log"}, "--log needs a value", localUsage),
                new Case(new String[]{"local", "--platform", "gcp"},
                        "--platform: 'gcp' is not a platform (aws, azure, cloudflare or vercel)", localUsage),
                new Case(new String[]{"token", "--user"}, "--user needs a value", tokenUsage),
                new Case(new String[]{"token", "--port", "1"}, "unknown option '--port' for token", tokenUsage),
                new Case(new String[]{"nosuch"}, "unknown command 'nosuch'", help))) {
            Run r = launcher(c.args());
            assertThat(r.code()).as(String.join(" ", c.args())).isEqualTo(2);
            assertThat(r.err()).isEqualTo("switchboard: " + c.message() + "\n" + c.usage());
            assertThat(r.out()).isEmpty();
        }
        assertThat(toolsCalled()).isEmpty();
    }

    @Test
    void busyPort_isReportedAtOnce_beforeTheBuildAndDynaliteStart() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            // an unknown platform is the first thing wrong, whatever the port
            Run platform = launcher("local", "--platform", "gcp", "--port", Integer.toString(port));
            assertThat(platform.code()).as(platform.err()).isEqualTo(2);
            assertThat(platform.err()).startsWith("switchboard: --platform: 'gcp' is not a platform")
                    .doesNotContain("in use");
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

    /** Main, which the launcher runs for local and token, prints the command's usage on the errors it finds itself. */
    @Test
    void main_printsTheCommandsUsage_onAnErrorOnlyItSees() throws Exception {
        Run r = main("token", "--user", "bob", "--ttl", "soon");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        // the usage, then ExitLog's line with the exit code (issue 11: every failed exit says why)
        assertThat(r.err()).startsWith("switchboard: --ttl").contains("\n" + tokenUsage)
                .containsPattern("exiting, exit code 2 \\(bad usage\\)\\n?$");
    }

    /** A command that succeeds prints its result and nothing on stderr (no exit line for exit code 0). */
    @Test
    void main_success_printsNothingOnStderr() throws Exception {
        Run token = main("token", "--user", "bob");
        assertThat(token.code()).as(token.err()).isZero();
        assertThat(token.out().strip()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(token.err()).isEmpty();

        Run help = main("local", "--help");
        assertThat(help.code()).as(help.err()).isZero();
        assertThat(help.out()).isEqualTo(localUsage);
        assertThat(help.err()).isEmpty();
    }

    /**
     * {@code --log}: the launcher passes {@code readable} when its standard out is a terminal (here a pseudo-terminal
     * from util-linux's {@code script}) and {@code json} otherwise, unless the user chose. Runs a copy of the launcher
     * in a folder that looks built, so that it goes straight to its (stand-in) {@code java}.
     */
    @Test
    void logFormat_readableOnATerminal_jsonOtherwise_unlessChosen() throws Exception {
        Path root = Files.createDirectories(dir.resolve("built"));
        for (String d : List.of("blueprint", "devkit", "lambdas", "local/target/classes", "node_modules/dynalite")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.writeString(root.resolve("pom.xml"), "");
        Files.writeString(root.resolve("local/target/classpath.txt"), "");
        Files.copy(ROOT.resolve("switchboard"), root.resolve("switchboard"));
        Path bin = Files.createDirectories(dir.resolve("built-bin"));
        Path javaCalls = dir.resolve("built-java.log");
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"$*\" >> '" + javaCalls + "'\n");
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = bin + ":" + System.getenv("PATH");
        String launcher = root.resolve("switchboard").toString();

        ProcessBuilder plain = new ProcessBuilder(launcher, "local", "--port", "0");
        ProcessBuilder terminal = new ProcessBuilder("script", "-qec", launcher + " local --port 0", "/dev/null");
        ProcessBuilder chosen = new ProcessBuilder("script", "-qec", launcher + " local --port 0 --log json", "/dev/null");
        List<String> lines = new ArrayList<>();
        for (ProcessBuilder pb : List.of(plain, terminal, chosen)) {
            pb.environment().put("PATH", path);
            Run r = run(pb.directory(root.toFile()));
            assertThat(r.code()).as(pb.command() + ": " + r.err()).isZero();
            List<String> calls = Files.readAllLines(javaCalls);
            lines.add(calls.get(calls.size() - 1));
        }

        assertThat(lines.get(0)).endsWith("dev.switchboard.local.Main local --port 0 --log json");
        assertThat(lines.get(1)).endsWith("dev.switchboard.local.Main local --port 0 --log readable");
        assertThat(lines.get(2)).endsWith("dev.switchboard.local.Main local --port 0 --log json");
    }

    private static Run main(String... args) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classpath, Main.class.getName()));
        command.addAll(List.of(args));
        return run(new ProcessBuilder(command).directory(ROOT.toFile()));
    }
}
