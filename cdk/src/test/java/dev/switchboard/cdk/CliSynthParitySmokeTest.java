package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CDK CLI's synth of prod (cdk.json's context, Maven excluded) and {@link SwitchboardApp#main} run directly in a
 * fresh JVM give the same templates, apart from the CLI's path and version metadata. Two more synths of prod than
 * the README's test command needs (its {@link FullSynthValidationTest} runs main once, with validation), so
 * bench/smoke.sh runs this.
 */
class CliSynthParitySmokeTest {
    private static final Path MAIN_OUT = Path.of("target", "cdk.out-main").toAbsolutePath();
    private static final Path CLI_OUT = Path.of("target", "cdk.out-cli").toAbsolutePath();
    private static Finished main;
    private static Finished cli;

    /** A child process's exit code and its combined output. */
    record Finished(int exit, String output) {
    }

    @BeforeAll
    static void synthProdBothWays() throws Exception {
        deleteTree(MAIN_OUT);
        deleteTree(CLI_OUT);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> app = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + Path.of("target").toAbsolutePath(), "-Dswitchboard.root=" + SwitchboardApp.root(),
                "-cp", System.getProperty("java.class.path"), SwitchboardApp.class.getName());
        List<String> mainCommand = new ArrayList<>(app);
        mainCommand.add("env=prod");
        ProcessBuilder direct = new ProcessBuilder(mainCommand).redirectErrorStream(true);
        direct.environment().put("CDK_VALIDATION", "false");
        direct.environment().put("CDK_OUTDIR", MAIN_OUT.toString());
        ProcessBuilder viaCli = new ProcessBuilder("node", SwitchboardApp.root().resolve("node_modules/aws-cdk/bin/cdk")
                .toString(), "synth", "-c", "env=prod", "-q", "--app", String.join(" ", app), "-o", CLI_OUT.toString())
                .directory(SwitchboardApp.root().toFile()).redirectErrorStream(true);
        viaCli.environment().put("CDK_VALIDATION", "false");
        // the two are independent: side by side they use both cores
        CompletableFuture<Finished> first = CompletableFuture.supplyAsync(() -> run(direct));
        cli = run(viaCli);
        main = first.get(180, TimeUnit.SECONDS);
    }

    private static Finished run(ProcessBuilder pb) {
        try {
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Finished(-1, log + "\n(timed out after 180 s)");
            }
            return new Finished(p.exitValue(), log);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(pb.command() + ": " + e, e);
        }
    }

    @Test
    void cdkCliSynth_andMainRunDirectly_giveTheSameResources_metadataAside() {
        // GIVEN main's output  WHEN the CDK CLI synthesizes prod with cdk.json's context (Maven excluded)
        assertThat(main.exit()).as(main.output()).isZero();
        assertThat(cli.exit()).as(cli.output()).isZero();
        // THEN every stack's template is the same, apart from the CLI's path and version metadata
        for (String stack : List.of("switchboard-prod-edge", "switchboard-prod-us-east-1",
                "switchboard-prod-eu-west-1", "switchboard-prod-ap-northeast-1")) {
            String viaCli = Snapshots.canonical(withoutMetadata(CLI_OUT.resolve(stack + ".template.json")));
            String viaMain = Snapshots.canonical(withoutMetadata(MAIN_OUT.resolve(stack + ".template.json")));
            assertThat(viaCli).as(stack).isEqualTo(viaMain);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutMetadata(Path template) {
        Map<String, Object> t = SwitchboardApp.readJson(template);
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) t.get("Resources");
        resources.remove("CDKMetadata");
        resources.values().forEach(r -> {
            Object m = r.get("Metadata");
            if (m instanceof Map<?, ?> meta) {
                meta.remove("aws:cdk:path");
                meta.remove("aws:asset:path");
                meta.remove("aws:asset:is-bundled");
                meta.remove("aws:asset:property");
                if (meta.isEmpty()) {
                    r.remove("Metadata");
                }
            }
        });
        if (t.get("Conditions") instanceof Map<?, ?> c) {
            c.remove("CDKMetadataAvailable");
            if (c.isEmpty()) {
                t.remove("Conditions");
            }
        }
        return t;
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
