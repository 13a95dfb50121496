package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A library user's synth prints no deprecation line: the docs/library.md app synthesized in a JVM of its own whose
 * environment lacks {@code JSII_DEPRECATED} (a user's does not set it; this test removes it in case). jsii
 * prints {@code [WARNING] ... is deprecated} for each deprecated aws-cdk-lib API the constructs touch, including those
 * aws-cdk-lib touches for them (https://aws.github.io/jsii/user-guides/lib-author/toolchain/jsii/#deprecation-warnings).
 */
class QuietSynthTest {
    /** The child JVM's entry point: synthesizes the library example app into {@code args[0]}. */
    public static void main(String[] args) {
        System.setProperty("switchboard.root", args[1]);
        software.amazon.awscdk.App app = LibraryExampleTest.twoSystems(Path.of(args[1])
                .resolve(SwitchboardApp.HANDLER_JAR));
        app.synth();
        System.err.println("synthesized " + app.synth().getStacks().size() + " stacks");
    }

    @Test
    void theLibraryExample_synthesizesWithoutADeprecationLine() throws IOException, InterruptedException {
        // GIVEN a JVM without JSII_DEPRECATED
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = Files.createDirectories(Path.of("target", "quiet-synth").toAbsolutePath());
        // the test JVMs' JIT and GC flags (the parent pom's argLine): a short synth spends its CPU in jsii's Node
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + out, QuietSynthTest.class.getName(), out.toString(),
                SwitchboardApp.root().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JSII_DEPRECATED");
        pb.environment().put("CDK_OUTDIR", out.resolve("cdk.out").toString());
        // WHEN it synthesizes the docs/library.md app
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        // THEN it succeeds and prints no deprecation line
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("synthesized 3 stacks");
        assertThat(output.lines().filter(l -> l.toLowerCase().contains("deprecated")).toList()).as(output).isEmpty();
    }
}
