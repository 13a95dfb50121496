package dev.switchboard.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The probe run as a user runs it, in a JVM of its own ({@code dev.switchboard.probe.Main --json}, on the caller's class
 * path), against one platform's URL: what each platform's tests use to prove the protocol on it. Defaults: half of
 * the stage throttle ({@code --share 0.5}) and 3 s per expected frame ({@code --timeout 3s}); the JVM runs with C1
 * only and the serial collector, as the build's test JVMs do (a run of seconds never repays C2's compile time).
 */
public final class ProbeProcess {
    private ProbeProcess() {
    }

    /**
     * Runs the probe against {@code url} ({@code only}: one case's name, or null for all) with {@code root} as the
     * repository root (its dev secret signs the probe's tokens), and returns its cases by name as its JSON report
     * gives them.
     *
     * @throws IllegalStateException when the probe does not finish within {@code max} or reports no case
     */
    public static Map<String, JsonNode> run(Path root, String url, String only, Duration max)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dswitchboard.root=" + root, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--url", url, "--share", "0.5", "--timeout", "3s", "--json"));
        if (only != null) {
            cmd.addAll(List.of("--only", only));
        }
        Path out = Files.createTempFile("probe", ".json");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the probe did not finish within " + max.toSeconds() + " s");
            }
            String json = Files.readString(out, StandardCharsets.UTF_8);
            Map<String, JsonNode> byName = new LinkedHashMap<>();
            new ObjectMapper().readTree(json).path("cases").forEach(c -> byName.put(c.path("name").asText(), c));
            if (byName.isEmpty()) {
                throw new IllegalStateException("the probe reported no case: " + json);
            }
            return byName;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
