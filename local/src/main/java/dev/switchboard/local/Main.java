package dev.switchboard.local;

import static dev.switchboard.devkit.CliArgs.integer;
import static dev.switchboard.devkit.CliArgs.value;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevSecret;
import dev.switchboard.devkit.DevTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of {@code ./switchboard local} and {@code ./switchboard token}: reads the command line once, builds the
 * {@code dev} blueprint and runs the gateway until the process is stopped (Ctrl-C runs {@code $disconnect} for every
 * open connection first). Exit codes: 0 ok (silent), 2 bad usage, 1 failure to start; a non-zero exit says why on
 * stderr ({@link ExitLog}).
 */
public final class Main {
    /** The launcher's usage (usage.txt beside this class; {@code ./switchboard help} prints the same file). */
    static final String USAGE = usage("usage.txt");
    /** The user {@code local} prints a token for, and {@code token}'s default. */
    static final String DEFAULT_USER = "alice";

    private Main() {
    }

    /** A command's own usage (usage-COMMAND.txt, which {@code ./switchboard COMMAND --help} prints), else USAGE. */
    static String usage(String[] args) {
        if (args.length > 0 && (args[0].equals("local") || args[0].equals("token"))) {
            return usage("usage-" + args[0] + ".txt");
        }
        return USAGE;
    }

    private static String usage(String file) {
        try (InputStream in = Main.class.getResourceAsStream(file)) {
            return in == null ? "usage: ./switchboard help" : new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        ExitLog.install();
        int code;
        try {
            code = run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            System.err.println(usage(args));
            code = 2;
        } catch (IllegalStateException e) {
            System.err.println("switchboard: " + e.getMessage());
            code = 1;
        }
        if (code == 0) {
            System.out.flush();
            System.exit(0);
        } else if (code > 0) {
            ExitLog.exit(code, code == 2 ? "bad usage" : "failed to start");
        }
    }

    /** Runs a command; returns the exit code, or -1 when the gateway keeps running. */
    static int run(String[] args, PrintStream out) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE);
            return 0;
        }
        if (Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            out.println(usage(args));
            return 0;
        }
        return switch (args[0]) {
            case "local" -> local(args);
            case "token" -> token(args, out);
            default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
        };
    }

    /**
     * {@code token}: a dev JWT for {@code --user} (default {@value #DEFAULT_USER}, the user {@code local} prints a token
     * for), signed with {@code --jwt-secret} or else the data directory's secret ({@link DevSecret}), the same one
     * {@code local} with the same {@code --data-dir} checks tokens with.
     */
    private static int token(String[] args, PrintStream out) {
        String user = DEFAULT_USER;
        String secret = null;
        Path dataDir = null;
        Duration ttl = DevTokens.DEFAULT_TTL;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--user" -> user = value(args, ++i, "--user");
                case "--jwt-secret" -> secret = value(args, ++i, "--jwt-secret");
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--ttl" -> ttl = LocalConfig.parseDuration("--ttl", value(args, ++i, "--ttl"));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' for token");
            }
        }
        if (user.isBlank()) {
            throw new IllegalArgumentException("--user needs a name");
        }
        if (secret == null) {
            secret = DevSecret.loadOrCreate(secretDir(dataDir));
        }
        out.println(new DevTokens(secret, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE, ttl,
                Clock.systemUTC()).token(user));
        return 0;
    }

    /**
     * Where the dev secret lives: the data directory, or {@value DevSecret#DEFAULT_DIR} under the project root (the
     * launcher's {@code switchboard.root}, else the working directory) when the data stays in memory.
     */
    static Path secretDir(Path dataDir) {
        return dataDir != null ? dataDir : Path.of(System.getProperty("switchboard.root", ".")).resolve(DevSecret.DEFAULT_DIR);
    }

    /**
     * Parses the options of {@code local}; the default port there is 8080, the default secret the data directory's
     * ({@link #secretDir}).
     */
    static LocalConfig parseLocal(String[] args) {
        LocalConfig c = LocalConfig.defaults().withPort(8080);
        boolean secretGiven = false;
        Duration idle = null;
        Duration max = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> c = c.withPort(integer("--port", value(args, ++i, "--port")));
                case "--dynamodb-port" -> c = c.withDynamoDbPort(integer("--dynamodb-port", value(args, ++i, "--dynamodb-port")));
                case "--stage" -> c = c.withStage(value(args, ++i, "--stage"));
                case "--jwt-secret" -> {
                    c = c.withJwtSecret(value(args, ++i, "--jwt-secret"));
                    secretGiven = true;
                }
                case "--data-dir" -> c = c.withDataDir(Path.of(value(args, ++i, "--data-dir")));
                case "--idle-timeout" -> idle = LocalConfig.parseDuration("--idle-timeout", value(args, ++i, "--idle-timeout"));
                case "--max-duration" -> max = LocalConfig.parseDuration("--max-duration", value(args, ++i, "--max-duration"));
                case "--project" -> value(args, ++i, "--project");
                case "--log" -> LogFormat.parse(value(args, ++i, "--log"));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' for local");
            }
        }
        if (!secretGiven) {
            c = c.withJwtSecret(DevSecret.loadOrCreate(secretDir(c.dataDir())));
        }
        return c.withTimeouts(idle, max);
    }

    /** The project folder of {@code --project DIR}, or null. */
    static DevProject project(String[] args) {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--project")) {
                return DevProject.folder(Path.of(value(args, i + 1, "--project")));
            }
        }
        return null;
    }

    /** The {@code --log} format of {@code local}: JSON unless given (the launcher gives it). */
    static LogFormat logFormat(String[] args) {
        LogFormat format = LogFormat.JSON;
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals("--log")) {
                format = LogFormat.parse(args[i + 1]);
            }
        }
        return format;
    }

    private static int local(String[] args) {
        LocalConfig config = parseLocal(args);
        DevProject project = project(args);
        BufferedStdout.install();
        if (logFormat(args) == LogFormat.READABLE) {
            ReadableLog.install();
        }
        Blueprint blueprint = withTimeouts(project == null ? Blueprint.reference(Environments.resolve("dev", Map.of()))
                : project.blueprint(), config);
        LocalGateway gateway = LocalGateway.start(blueprint, config, project);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "switchboard-stop"));
        // Ctrl-C, kill and a terminal's hang-up: close the gateway (every $disconnect) before the shutdown hooks run,
        // because hooks run concurrently and dynalite's own hook would stop the table store under the $disconnect
        // handlers. dynalite itself ignores these signals (they reach the whole process group) and exits with us.
        for (String name : new String[]{"INT", "TERM", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    gateway.close();
                    ExitLog.exit(128 + sig.getNumber(), "SIG" + sig.getName());
                });
            } catch (IllegalArgumentException e) {
                // signal not available here: the shutdown hook still closes the gateway
            }
        }
        System.out.print(ReadyBanner.of(gateway, config));
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** The {@code dev} reference blueprint, with the options' timeouts ({@link #withTimeouts}). */
    static Blueprint blueprint(LocalConfig config) {
        return withTimeouts(Blueprint.reference(Environments.resolve("dev", Map.of())), config);
    }

    /**
     * {@code b} with idle timeout and maximum duration from the options when given (the blueprint requires idle &lt;=
     * duration).
     */
    static Blueprint withTimeouts(Blueprint b, LocalConfig config) {
        if (config.idleTimeout() != null || config.maxDuration() != null) {
            Duration idle = config.idleTimeout() != null ? config.idleTimeout() : b.limits().idleTimeout();
            Duration max = config.maxDuration() != null ? config.maxDuration() : b.limits().maxConnectionDuration();
            if (idle.compareTo(max) > 0) {
                idle = max;
            }
            b = b.withLimits(b.limits().withTimeouts(idle, max));
        }
        return b;
    }
}
