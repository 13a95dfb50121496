package dev.switchboard.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Switchboard's local WebSocket API, started with the launcher ({@code ./switchboard local --port 0}) as a user would
 * (its defaults: the dev blueprint, the dev JWT secret, dynalite in memory); ready
 * when it prints {@code websocket: ws://127.0.0.1:PORT/STAGE}. Its dynalite child is left out of the memory figures,
 * as the peer's is.
 */
final class LocalServer extends Server {
    private static final Pattern READY = Pattern.compile("websocket:\\s*(ws://127\\.0\\.0\\.1:\\d+\\S*)");
    private static final Pattern DYNAMODB = Pattern.compile("dynamodb:\\s*(http://127\\.0\\.0\\.1:\\d+)");
    private String url;
    private volatile java.net.URI dynamo;

    static LocalServer start(Path root) throws Exception {
        Path launcher = root.resolve("switchboard");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("no executable " + launcher + ": the local API is not built yet");
        }
        LocalServer s = new LocalServer();
        // the load driver mints dev tokens with the public test secret; ./switchboard local's own is random per
        // data directory (issue 27), so the benchmark names the secret it mints with
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "local", "--port", "0",
                "--jwt-secret", dev.switchboard.devkit.DevTokens.DEV_SECRET)
                .directory(root.toFile());
        s.url = s.launch(pb, line -> {
            Matcher d = DYNAMODB.matcher(line);
            if (d.find()) {
                s.dynamo = java.net.URI.create(d.group(1));
            }
            Matcher m = READY.matcher(line);
            return m.find() ? m.group(1) : null;
        }, 300);
        return s;
    }

    @Override
    String name() {
        return "switchboard local";
    }

    @Override
    String url() {
        return url;
    }

    @Override
    java.net.URI dynamoEndpoint() {
        return dynamo;
    }
}
