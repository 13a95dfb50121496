package dev.switchboard.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A dynalite server (a DynamoDB API server on LevelDB, from the root {@code node_modules}) running as a child
 * process, for the local API and the tests.
 *
 * <p>The child runs {@code node -e <wrapper>}: the wrapper loads {@code node_modules/dynalite}, listens on
 * 127.0.0.1, prints the port it got and exits as soon as its stdin closes, so it never outlives the JVM that started
 * it, even a killed one. It ignores SIGINT, SIGTERM and SIGHUP: a terminal's Ctrl-C (or a hang-up, or a
 * {@code kill} of the process group) reaches every process of the foreground group at once, and the table store must
 * outlive the JVM's own orderly close (the local API runs {@code $disconnect} for every connection then); it ends
 * when the JVM closes its stdin, on {@link #close} or when the JVM exits. {@link #start} returns once a real {@code ListTables} request succeeds; {@link #close} (and a
 * shutdown hook) destroys the child. Tables leave the CREATING state at once (dynalite's default is 500 ms). The
 * wrapper counts every request by its operation ({@link OperationCounts}, {@code GET /_switchboard/counts}).
 *
 * <p>Defaults: port 0 lets the operating system pick a free port; a null data directory keeps the data in memory;
 * the {@code node} executable is taken from the PATH unless the system property {@code switchboard.node} names one;
 * readiness waits at most {@link #READY_TIMEOUT}.
 */
public final class DynaliteProcess implements AutoCloseable {
    /** How long {@link #start} waits for the server to answer before it gives up. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private static final String WRAPPER = String.join("\n",
            "const [dir, port, dataPath] = process.argv.slice(1);",
            "const opts = {createTableMs: 0, deleteTableMs: 0, updateTableMs: 0};",
            "if (dataPath) opts.path = dataPath;",
            "const server = require(dir)(opts);",
            "server.on('error', e => { console.error('dynalite: ' + e.message); process.exit(3); });",
            "const counts = new Map();",
            "const [serve] = server.listeners('request');",
            "server.removeAllListeners('request');",
            "server.on('request', (req, res) => {",
            "  if (req.method === 'GET' && req.url === '" + OperationCounts.PATH + "') {",
            "    res.setHeader('content-type', 'text/plain');",
            "    res.end([...counts].map(([op, n]) => op + ' ' + n + '\\n').join(''));",
            "    return;",
            "  }",
            "  const target = req.headers['x-amz-target'] || '';",
            "  const op = target.slice(target.indexOf('.') + 1);",
            "  if (op) counts.set(op, (counts.get(op) || 0) + 1);",
            "  serve(req, res);",
            "});",
            "server.listen(Number(port), '127.0.0.1', () => console.log('DYNALITE_PORT ' + server.address().port));",
            "for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => {});",
            "process.stdin.on('end', () => process.exit(0));",
            "process.stdin.on('error', () => process.exit(0));",
            "process.stdin.resume();");

    private final Process process;
    private final int port;
    private final Thread shutdownHook;
    private final ChildOutput output;

    private DynaliteProcess(Process process, int port, Thread shutdownHook, ChildOutput output) {
        this.process = process;
        this.port = port;
        this.shutdownHook = shutdownHook;
        this.output = output;
    }

    /** Starts dynalite in memory on a free port, from {@link #projectRoot()}. */
    public static DynaliteProcess start() {
        return start(projectRoot(), 0, null);
    }

    /**
     * Starts dynalite and waits until it answers.
     *
     * @param projectRoot the repository root, the directory whose {@code node_modules} holds dynalite
     * @param port        the port to listen on; 0 picks a free one
     * @param dataDir     the LevelDB directory (created if missing); null keeps the data in memory
     * @throws IllegalStateException if dynalite is not installed, node cannot start, or the server does not answer
     *                               within {@link #READY_TIMEOUT}
     */
    public static DynaliteProcess start(Path projectRoot, int port, Path dataDir) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
        }
        Path dynalite = projectRoot.resolve("node_modules").resolve("dynalite");
        if (!Files.isRegularFile(dynalite.resolve("index.js"))) {
            throw new IllegalStateException("dynalite is not installed in " + dynalite
                    + ": run npm ci at the repository root (" + projectRoot + ")");
        }
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("switchboard.node", "node"), "-e", WRAPPER,
                dynalite.toAbsolutePath().toString(), Integer.toString(port)));
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create dynalite data directory " + dataDir, e);
            }
            cmd.add(dataDir.toAbsolutePath().toString());
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node (is Node 20+ on the PATH?): " + e.getMessage(), e);
        }
        Thread hook = new Thread(p::destroyForcibly, "dynalite-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ChildOutput output = ChildOutput.read(p, "DYNALITE_PORT ", "dynalite");
        DynaliteProcess d = null;
        try {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            int actual = output.port().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            d = new DynaliteProcess(p, actual, hook, output);
            d.awaitReady(deadline);
            return d;
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            destroy(p, hook);
            throw new IllegalStateException("dynalite did not start within " + READY_TIMEOUT.toSeconds()
                    + " s on port " + port + "; its output: " + output.tail(), e);
        } catch (InterruptedException e) {
            destroy(p, hook);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting dynalite", e);
        }
    }

    /**
     * The repository root: the system property {@code switchboard.root} (the build sets it for tests), else the
     * nearest directory at or above the working directory that holds both {@code package.json} and {@code pom.xml}.
     */
    public static Path projectRoot() {
        String prop = System.getProperty("switchboard.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("package.json")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("cannot find the Switchboard repository root above " + start
                + ": run from inside the repository or set -Dswitchboard.root=<path>");
    }

    /** The HTTP endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** Whether the child process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server; in-memory data is lost. Idempotent. */
    @Override
    public void close() {
        destroy(process, shutdownHook);
    }

    private void awaitReady(long deadlineNanos) throws InterruptedException {
        RuntimeException last = null;
        try (DynamoDbClient client = LocalClients.dynamoDb(endpoint())) {
            while (System.nanoTime() < deadlineNanos) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("dynalite exited with code " + process.exitValue());
                }
                try {
                    client.listTables();
                    return;
                } catch (RuntimeException e) {
                    last = e;
                    TimeUnit.MILLISECONDS.sleep(50);
                }
            }
        }
        throw new IllegalStateException("ListTables never succeeded on " + endpoint(), last);
    }



    private static void destroy(Process p, Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is running or has run
        }
        try {
            // the wrapper exits when its stdin closes (it ignores SIGTERM, which is what destroy() sends)
            p.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "dynalite at " + endpoint() + (process.isAlive() ? "" : " (stopped)") + ", output: " + output.tail();
    }
}
