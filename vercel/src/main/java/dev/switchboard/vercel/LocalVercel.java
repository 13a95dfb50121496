package dev.switchboard.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.Watchdog;
import dev.switchboard.jsplatforms.VercelSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The function served locally as Vercel would serve it: {@code instances} Node processes running
 * {@code vercel/src/function} behind one port (the front pins each connection to one instance, round-robin) and a
 * real {@code redis-server} (Debian's package) on a free port, without persistence. {@link #close} stops them all.
 *
 * <p>Nothing outlives the JVM that started it: redis-server runs under devkit's {@link Watchdog}, and {@code dev.mjs},
 * which forks the instances over IPC, ends when its stdin (a pipe from this JVM) closes; an instance ends when its IPC
 * channel to {@code dev.mjs} closes. The {@code node} and {@code redis-server} executables come from the PATH unless
 * the system properties {@code switchboard.node} or {@code switchboard.redisServer} name them.
 */
public final class LocalVercel implements AutoCloseable {
    /** Instances locally unless told otherwise: more than one, so every run crosses instances. */
    public static final int DEFAULT_INSTANCES = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int redisPort;
    private final boolean inherit;
    private Process redis;
    private Process function;
    private int port;
    private List<Integer> instancePorts = List.of();
    private List<Long> instancePids = List.of();
    private String stage;

    private LocalVercel(int redisPort, boolean inherit) {
        this.redisPort = redisPort;
        this.inherit = inherit;
    }

    /**
     * Starts redis-server and the function.
     *
     * @param root        the repository root (vercel/src/function and node_modules)
     * @param port        the front's port, 0 for any free one
     * @param maxDuration the maximum duration (the server closes a connection when it ends)
     * @param inherit     whether the processes' logs go to this process's stderr (the launcher) or are discarded
     */
    public static LocalVercel start(Path root, Blueprint b, int port, String secret, Duration maxDuration,
                                    int instances, boolean inherit) {
        return start(root, b, port, secret, maxDuration, VercelSettings.HEARTBEAT, instances, inherit);
    }

    /** As {@link #start(Path, Blueprint, int, String, Duration, int, boolean)} with the instances' heartbeat. */
    static LocalVercel start(Path root, Blueprint b, int port, String secret, Duration maxDuration, Duration heartbeat,
                             int instances, boolean inherit) {
        if (instances < 1 || instances > 16) {
            throw new IllegalArgumentException("--instances must be between 1 and 16, got " + instances);
        }
        Path dev = root.resolve("vercel/src/local/dev.mjs");
        if (!Files.isRegularFile(dev) || !Files.isDirectory(root.resolve("node_modules/ioredis"))) {
            throw new IllegalStateException("no " + dev + " or node_modules/ioredis under " + root
                    + ": run from the repository root after 'npm ci'");
        }
        String settings = VercelSettings.render(b, DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE, null,
                maxDuration, Duration.ZERO, heartbeat, true).toString();
        LocalVercel v = new LocalVercel(Watchdog.freePort(), inherit);
        v.stage = b.environment().name();
        try {
            v.startRedis();
            v.startFunction(dev, port, settings, secret, instances);
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
        return v;
    }

    public String websocketUrl() {
        return "ws://127.0.0.1:" + port + "/" + stage;
    }

    public int port() {
        return port;
    }

    /** The instances' own ports (a test can reach one instance directly). */
    public List<Integer> instancePorts() {
        return instancePorts;
    }

    /** The instances' process ids, in the order of {@link #instancePorts} (a test can crash one). */
    List<Long> instancePids() {
        return instancePids;
    }

    public int redisPort() {
        return redisPort;
    }

    /** Waits for the function to end; its exit code. */
    public int waitFor() throws InterruptedException {
        return function.waitFor();
    }

    /** Starts redis-server on its port (again after {@link #stopRedis}: empty, as Redis restarted without data). */
    void startRedis() {
        String bin = System.getProperty("switchboard.redisServer", "redis-server");
        redis = watched(Watchdog.command(bin, List.of("--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--loglevel", "warning")),
                "redis-server (apt-get install redis-server)");
        Watchdog.awaitListening(redis, redisPort, "redis-server (is it installed?)", Duration.ofSeconds(15));
    }

    /** Stops redis-server (the function stays up and answers INTERNAL until Redis returns). */
    void stopRedis() {
        Watchdog.stop(redis);
        redis = null;
    }

    /** Stops the function's instances (each closes its connections and clears them from Redis), Redis staying up. */
    void stopFunction() {
        Watchdog.stop(function);
        function = null;
    }

    private void startFunction(Path dev, int port, String settings, String secret, int instances) {
        ProcessBuilder pb = new ProcessBuilder(Watchdog.node(), dev.toString());
        Map<String, String> env = pb.environment();
        env.putAll(Map.of("SWITCHBOARD", settings, "JWT_SECRET", secret, "REDIS_URL", "redis://127.0.0.1:" + redisPort,
                "PORT", String.valueOf(port), "INSTANCES", String.valueOf(instances)));
        pb.redirectError(inherit ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
        try {
            function = pb.start(); // stdin stays a pipe from this JVM: dev.mjs's lifeline
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node (is Node 20+ on the PATH?): " + e.getMessage(), e);
        }
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(function.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        JsonNode started;
        try {
            String text = line.get(20, TimeUnit.SECONDS);
            if (text == null) {
                throw new IllegalStateException("the function exited before it listened (exit "
                        + function.waitFor() + "; see its output)");
            }
            started = JSON.readTree(text);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the function did not start within 20 s: " + e, e);
        }
        this.port = started.path("port").asInt();
        List<Integer> ports = new ArrayList<>();
        started.path("instances").forEach(p -> ports.add(p.asInt()));
        this.instancePorts = List.copyOf(ports);
        List<Long> pids = new ArrayList<>();
        started.path("pids").forEach(p -> pids.add(p.asLong()));
        this.instancePids = List.copyOf(pids);
    }

    private Process watched(List<String> command, String what) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (inherit) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node to run " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        Watchdog.stop(function);
        Watchdog.stop(redis);
    }
}
