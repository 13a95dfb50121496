package dev.switchboard.bench.load;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference Worker in workerd, started as a user would ({@code ./switchboard local --platform cloudflare --port 0},
 * docs/cloudflare.md); ready when it prints {@code websocket: ws://127.0.0.1:PORT/STAGE}. Its state lives in Durable
 * Objects' SQLite, not in a table: there are no DynamoDB operation counts, and its memory is the launcher's JVM plus
 * workerd.
 */
final class WorkerdServer extends Server {
    private static final Pattern READY = Pattern.compile("websocket:\\s*(ws://127\\.0\\.0\\.1:\\d+\\S*)");
    private String url;

    static WorkerdServer start(Path root) throws Exception {
        Path launcher = root.resolve("switchboard");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("no executable " + launcher);
        }
        WorkerdServer s = new WorkerdServer();
        // the driver signs with the dev secret (DevTokens); without --jwt-secret the Worker would use the data
        // directory's random one
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "local", "--platform", "cloudflare", "--port", "0",
                "--jwt-secret", dev.switchboard.devkit.DevTokens.DEV_SECRET)
                .directory(root.toFile());
        s.url = s.launch(pb, line -> {
            Matcher m = READY.matcher(line);
            return m.find() ? m.group(1) : null;
        }, 300);
        return s;
    }

    @Override
    String name() {
        return "workerd (Cloudflare)";
    }

    @Override
    String url() {
        return url;
    }

    @Override
    URI dynamoEndpoint() {
        return null;
    }
}
