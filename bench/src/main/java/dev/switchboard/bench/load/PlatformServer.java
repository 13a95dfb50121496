package dev.switchboard.bench.load;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the other local platforms, started as a user would ({@code ./switchboard local --platform P --port 0}); ready
 * when it prints {@code websocket: ws://127.0.0.1:PORT/...}, the banner line every local platform prints. Their state
 * lives in their own stores (Durable Objects' SQLite, Redis, Table Storage in azurite), not in dynalite: there are no
 * DynamoDB operation counts, and the memory measured is the launcher's process tree, the store included (the AWS
 * emulation's dynalite is left out of its figure).
 */
final class PlatformServer extends Server {
    private static final Pattern READY = Pattern.compile("websocket:\\s*(ws://127\\.0\\.0\\.1:\\d+\\S*)");
    private final String platform;
    private String url;

    private PlatformServer(String platform) {
        this.platform = platform;
    }

    /** Starts {@code platform} (cloudflare, vercel or azure) through the launcher. */
    static PlatformServer start(Path root, String platform) throws Exception {
        Path launcher = root.resolve("switchboard");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("no executable " + launcher);
        }
        PlatformServer s = new PlatformServer(platform);
        // the driver signs with the dev secret (DevTokens); without --jwt-secret a platform would use the data
        // directory's random one
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "local", "--platform", platform, "--port", "0",
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
        return switch (platform) {
            case "cloudflare" -> "workerd (Cloudflare)";
            case "vercel" -> "Vercel function (Node, Redis)";
            case "azure" -> "Azure Web PubSub emulation";
            default -> platform;
        };
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
