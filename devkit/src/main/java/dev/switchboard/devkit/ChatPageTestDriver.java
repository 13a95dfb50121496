package dev.switchboard.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test driver, not part of any runner: runs the chat page's browser script ({@code local/src/test/js/chat.spec.mjs},
 * playwright-core with Debian's chromium) against a page that a platform's test has started, for the chat page tests
 * of every local platform (the local API, the Worker in workerd, the Azure runner). Each test keeps its own
 * assertions on the {@link Run}.
 *
 * <p>Defaults: the browser is {@code /usr/bin/chromium} unless the environment variable {@code CHROMIUM} names
 * another; {@code node} is taken from the PATH unless the system property {@code switchboard.node} names one; a run
 * is given {@link #TIMEOUT}.
 */
public final class ChatPageTestDriver {
    /** The browser the script drives. */
    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    /** How long the script may run before it is stopped. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Why the tests do not run without the browser, and the fix. */
    public static final String MISSING_BROWSER = CHROMIUM + " is missing: install Debian's browser with"
            + " 'apt-get install chromium' (.ci/run does); playwright-core drives it";
    private static final String SCRIPT = "local/src/test/js/chat.spec.mjs";

    /**
     * What the script did.
     *
     * @param finished  whether it ended within {@link #TIMEOUT} (if not, it was stopped)
     * @param exitValue its exit status (0: every step passed), -1 when it did not finish
     * @param output    what it printed (stdout and stderr)
     */
    public record Run(boolean finished, int exitValue, String output) {
    }

    /**
     * The tokens the page's dev-token endpoint signs, which the script checks too ({@code SWITCHBOARD_JWT_*}).
     *
     * @param secret   the HMAC secret
     * @param issuer   the {@code iss} claim
     * @param audience the {@code aud} claim
     */
    public record Jwt(String secret, String issuer, String audience) {
        /** The dev tokens of {@link DevTokens}, as the local runners sign them by default. */
        public static final Jwt DEV = new Jwt(DevTokens.DEV_SECRET, DevTokens.DEFAULT_ISSUER,
                DevTokens.DEFAULT_AUDIENCE);
    }

    /** Something the test does once, the first time the script's output contains {@code marker}. */
    public record Cue(String marker, Action action) {
    }

    /** A test's step that may throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private ChatPageTestDriver() {
    }

    /**
     * Whether the browser is installed, for a test's assumption: true when it is; false (skip) when it is not; with
     * {@code CI=true} a missing browser is an error instead, so that a CI run cannot pass by skipping.
     *
     * @throws IllegalStateException with {@link #MISSING_BROWSER} when it is missing and {@code CI=true}
     */
    public static boolean browserPresentOrFailOnCi() {
        if (Files.isExecutable(CHROMIUM)) {
            return true;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(MISSING_BROWSER);
        }
        return false;
    }

    /**
     * Runs the script against the page at {@code pageUrl} and waits for it, at most {@link #TIMEOUT}.
     *
     * @param root    the repository root (the script, {@code node_modules} and the JavaScript client are there)
     * @param pageUrl the chat page ({@code CHAT_URL})
     * @param jwt     the tokens the page's server accepts
     * @param env     the script's other settings: {@code MAX_DATA_BYTES}, and optionally {@code MEMBERS_PAGE_SIZE} and
     *                {@code CHAT_GATEWAY_CASES} (the script's header says what they do)
     * @param cues    steps to take while it runs, each once, when its marker appears in the output
     */
    public static Run run(Path root, String pageUrl, Jwt jwt, Map<String, String> env, List<Cue> cues)
            throws Exception {
        Path log = Files.createTempFile("chat-spec", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(System.getProperty("switchboard.node", "node"),
                    root.resolve(SCRIPT).toString())
                    .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            pb.environment().put("CHAT_URL", pageUrl);
            pb.environment().put("SWITCHBOARD_JWT_SECRET", jwt.secret());
            pb.environment().put("SWITCHBOARD_JWT_ISSUER", jwt.issuer());
            pb.environment().put("SWITCHBOARD_JWT_AUDIENCE", jwt.audience());
            pb.environment().put("CHROMIUM", CHROMIUM.toString());
            Process node = pb.start();
            node.getOutputStream().close();
            boolean finished = false;
            try {
                awaitWithCues(node, log, cues);
                finished = !node.isAlive();
            } finally {
                if (node.isAlive()) {
                    node.descendants().forEach(ProcessHandle::destroyForcibly);
                    node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            return new Run(finished, finished ? node.exitValue() : -1, read(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** {@link #run(Path, String, Jwt, Map, List)} without cues. */
    public static Run run(Path root, String pageUrl, Jwt jwt, Map<String, String> env) throws Exception {
        return run(root, pageUrl, jwt, env, List.of());
    }

    private static void awaitWithCues(Process node, Path log, List<Cue> cues) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        boolean[] cued = new boolean[cues.size()];
        while (node.isAlive() && System.nanoTime() < deadline) {
            if (!cues.isEmpty()) {
                String out = read(log);
                for (int i = 0; i < cues.size(); i++) {
                    if (!cued[i] && out.contains(cues.get(i).marker())) {
                        cued[i] = true;
                        cues.get(i).action().run();
                    }
                }
            }
            node.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chat script's output " + log, e);
        }
    }
}
