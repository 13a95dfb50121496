package dev.switchboard.azure.store;

import dev.switchboard.devkit.ChildOutput;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.Watchdog;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Azurite's Table service (Microsoft's Azure Storage emulator, from {@code azure/node_modules}: the azure module's own
 * npm tools, installed by its build, so the rest of the build does not wait for them) running as a child
 * process, in memory, for the Azure handler's tests and the local Azure runner.
 *
 * <p>Like {@link DynaliteProcess}: the child runs {@code node -e <wrapper>}; the wrapper builds Azurite's
 * {@code TableServer} (the class {@code azurite-table} starts) on 127.0.0.1 with in-memory persistence, prints the port
 * it got (the {@code azurite-table} command prints the port it was given, so port 0 would stay unknown), ignores
 * SIGINT, SIGTERM and SIGHUP, and exits as soon as its stdin closes, so it never outlives the JVM that started it
 * ({@link Watchdog#stop} closes that pipe).
 * Azurite's telemetry is never started.
 *
 * <p>Defaults: port 0 lets the operating system pick a free port; the {@code node} executable is taken from the PATH
 * unless the system property {@code switchboard.node} names one; readiness waits at most {@link #READY_TIMEOUT}.
 */
public final class AzuriteProcess implements AutoCloseable {
    /** How long {@link #start} waits for the server to listen. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** Azurite's well-known development account ("devstoreaccount1"), the one every Azure Storage emulator serves. */
    public static final String ACCOUNT_NAME = "devstoreaccount1";
    /** The development account's well-known key (public: Azurite's README prints it). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final String PORT_LINE = "AZURITE_TABLE_PORT ";
    private static final String WRAPPER = String.join("\n",
            "const [dir, port] = process.argv.slice(1);",
            "require(dir + '/dist/src/common/Logger').configLogger(false);",
            "const Config = require(dir + '/dist/src/table/TableConfiguration').default;",
            "const Server = require(dir + '/dist/src/table/TableServer').default;",
            // host, port, keep-alive, db path (unused in memory), debug log, access log, access stream, debug path,
            // loose, skipApiVersionCheck, cert, key, pwd, oauth, disableProductStyleUrl, inMemoryPersistence
            "const config = new Config('127.0.0.1', Number(port), undefined, '__azurite_db_table__.json', false,",
            "  false, undefined, undefined, false, true, '', '', '', undefined, false, true);",
            "const server = new Server(config);",
            "server.start().then(() => console.log('" + PORT_LINE + "' + server.httpServer.address().port),",
            "  e => { console.error('azurite: ' + e.message); process.exit(3); });",
            "for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => {});",
            "process.stdin.on('end', () => process.exit(0));",
            "process.stdin.on('error', () => process.exit(0));",
            "process.stdin.resume();");

    private final Process process;
    private final int port;
    private final Thread shutdownHook;
    private final ChildOutput output;

    private AzuriteProcess(Process process, int port, Thread shutdownHook, ChildOutput output) {
        this.process = process;
        this.port = port;
        this.shutdownHook = shutdownHook;
        this.output = output;
    }

    /** Starts Azurite's Table service in memory on a free port, from {@link DynaliteProcess#projectRoot()}. */
    public static AzuriteProcess start() {
        return start(DynaliteProcess.projectRoot(), 0);
    }

    /**
     * Starts Azurite's Table service and waits until it listens.
     *
     * @param projectRoot the repository root, whose {@code azure/node_modules} holds azurite
     * @param port        the port to listen on; 0 picks a free one
     * @throws IllegalStateException if azurite is not installed, node cannot start, or the server does not listen
     *                               within {@link #READY_TIMEOUT}
     */
    public static AzuriteProcess start(Path projectRoot, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
        }
        Path azurite = projectRoot.resolve("azure").resolve("node_modules").resolve("azurite");
        if (!Files.isRegularFile(azurite.resolve("dist/src/table/TableServer.js"))) {
            throw new IllegalStateException("azurite is not installed in " + azurite
                    + ": run npm ci in " + projectRoot.resolve("azure"));
        }
        List<String> cmd = List.of(Watchdog.node(), "-e", WRAPPER,
                azurite.toAbsolutePath().toString(), Integer.toString(port));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node (is Node 20+ on the PATH?): " + e.getMessage(), e);
        }
        Thread hook = new Thread(p::destroyForcibly, "azurite-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ChildOutput output = ChildOutput.read(p, PORT_LINE, "azurite");
        try {
            int actual = output.port().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", actual), 2000);
            }
            return new AzuriteProcess(p, actual, hook, output);
        } catch (TimeoutException | ExecutionException | IOException | RuntimeException e) {
            destroy(p, hook);
            throw new IllegalStateException("azurite did not start within " + READY_TIMEOUT.toSeconds()
                    + " s on port " + port + "; its output: " + output.tail(), e);
        } catch (InterruptedException e) {
            destroy(p, hook);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting azurite", e);
        }
    }

    /** The Table endpoint of the development account, {@code http://127.0.0.1:<port>/devstoreaccount1}. */
    public URI tableEndpoint() {
        return URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT_NAME);
    }

    /** A storage connection string for the development account whose only endpoint is this Table service. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT_NAME + ";AccountKey=" + ACCOUNT_KEY
                + ";TableEndpoint=" + tableEndpoint() + ";";
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** Whether the child process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's process id (for tests that check no child outlives a run). */
    public long pid() {
        return process.pid();
    }

    /** Stops the server; its data is lost. Idempotent. */
    @Override
    public void close() {
        destroy(process, shutdownHook);
    }



    private static void destroy(Process p, Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is running or has run
        }
        // the wrapper exits when its stdin closes (it ignores SIGTERM, which is what destroy() sends)
        Watchdog.stop(p);
    }

    @Override
    public String toString() {
        return "azurite (tables) at " + tableEndpoint() + (process.isAlive() ? "" : " (stopped)") + ", output: "
                + output.tail();
    }
}
