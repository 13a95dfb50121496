package dev.switchboard.bench.devloop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A generated project's {@code mvn -o switchboard:dev} as a child process (any free port): started, read until its
 * ready banner, stopped with SIGTERM (its shutdown hook closes the gateway). The output is echoed with a prefix and
 * kept for assertions.
 */
public final class DevServer implements AutoCloseable {
    private final Process process;
    private final List<String> log;
    private final String websocket;

    private DevServer(Process process, List<String> log, String websocket) {
        this.process = process;
        this.log = log;
        this.websocket = websocket;
    }

    /**
     * Starts {@code mvn -B -o switchboard:dev} in {@code project} and waits at most {@code timeout} for the banner.
     *
     * @param repo the local Maven repository to pass down, or null for Maven's own setting
     */
    public static DevServer start(Path project, String repo, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-o"));
        if (repo != null) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(List.of("switchboard:dev", "-Dswitchboard.port=0"));
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> log = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println("switchboard:dev | " + line);
                    synchronized (log) {
                        log.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "switchboard-dev-output");
        reader.setDaemon(true);
        reader.start();
        String websocket = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("switchboard:dev exited with " + p.exitValue() + ": " + log);
                }
            } else if (line.startsWith("websocket: ")) {
                websocket = line.substring("websocket: ".length());
            } else if (line.startsWith("chat page: ")) {
                return new DevServer(p, log, websocket);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("no ready banner from switchboard:dev within " + timeout + ": " + log);
    }

    /** {@code ws://127.0.0.1:PORT/dev} from the banner. */
    public String websocket() {
        return websocket;
    }

    /** Everything the process printed so far. */
    public String output() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** Stops the server (SIGTERM: its shutdown hook runs every {@code $disconnect}), forcibly after 60 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
