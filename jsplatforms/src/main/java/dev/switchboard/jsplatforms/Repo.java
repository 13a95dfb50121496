package dev.switchboard.jsplatforms;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Worker, the chat page and workerd are in a checkout ({@code -Dswitchboard.root}, else the cwd). */
public record Repo(Path root) {
    public static Repo locate() {
        String r = System.getProperty("switchboard.root");
        Path root = Path.of(r != null && !r.isBlank() ? r : ".").toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("cloudflare/src/worker"))) {
            throw new IllegalStateException("no cloudflare/src/worker under " + root
                    + ": run from the repository root or set -Dswitchboard.root");
        }
        return new Repo(root);
    }

    public Path workerDir() {
        return root.resolve("cloudflare/src/worker");
    }

    /** The chat page of the local API, served as it is (not copied). */
    public Path webDir() {
        return root.resolve("devkit/src/main/resources/dev/switchboard/devkit/web");
    }

    /** The JavaScript client's modules, which the chat page loads from /clients/ (served as they are). */
    public Path clientsDir() {
        return root.resolve("clients/js/lib");
    }

    /** npm {@code workerd}'s binary (its Linux build arrives as the optional dependency @cloudflare/workerd-linux-64). */
    public Path workerd() {
        Path bin = root.resolve("node_modules/workerd/bin/workerd");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("workerd is not installed at " + bin + ": run 'npm ci' in " + root);
        }
        return bin;
    }
}
