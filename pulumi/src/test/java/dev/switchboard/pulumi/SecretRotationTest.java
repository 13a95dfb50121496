package dev.switchboard.pulumi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a rotation is staged in stack configuration (docs/deploy.md, "Rotating secrets"), through the program's real
 * entry point {@link App#stack}: {@code originSecretNext} / {@code jwtSecretNext} change the Secrets Manager secret
 * version (a new version takes AWSCURRENT and the old one AWSPREVIOUS, so the authorizer accepts both: PutSecretValue,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html, VersionStages) and nothing
 * else; moving the value to {@code originSecret} then changes only the distributions' header. A replaced
 * SecretVersion's delete leaves the label AWSCURRENT had moved from alone, so the old value keeps AWSPREVIOUS
 * (https://www.pulumi.com/registry/packages/aws/api-docs/secretsmanager/secretversion/; not provable here).
 */
class SecretRotationTest {
    static final String NEW_ORIGIN = "test-origin-secret-value-NEXT-0246813579";
    static final String NEW_JWT = "test-jwt-secret-value-NEXT-13579024680";
    static final List<String> VALUES = List.of(ProgramRun.JWT_SECRET, ProgramRun.ORIGIN_SECRET, NEW_ORIGIN, NEW_JWT);

    static ProgramRun before;
    static ProgramRun originStaged;
    static ProgramRun originDone;
    static ProgramRun jwtStaged;
    static ProgramRun jwtDone;

    @BeforeAll
    static void render() {
        // GIVEN the dev stack with a custom domain (a regional and a global distribution), rendered five times: before
        // a rotation, with each value staged, and with each value moved to its final key
        before = run(Map.of());
        originStaged = run(Map.of(StackConfig.ORIGIN_SECRET_NEXT, NEW_ORIGIN));
        originDone = run(Map.of(StackConfig.ORIGIN_SECRET, NEW_ORIGIN));
        jwtStaged = run(Map.of(StackConfig.JWT_SECRET_NEXT, NEW_JWT));
        jwtDone = run(Map.of(StackConfig.JWT_SECRET, NEW_JWT));
    }

    static ProgramRun run(Map<String, String> secrets) {
        Map<String, String> config = new HashMap<>();
        config.put("switchboard:environment", "dev");
        config.put("switchboard:account", ProgramRun.ACCOUNT);
        config.put("switchboard:customDomain", "{\"domainName\":\"ws.example.com\",\"hostedZoneId\":"
                + "\"Z0123456789ABCDEFGHIJ\",\"hostedZoneName\":\"example.com\"}");
        secrets.forEach((k, v) -> config.put("switchboard:" + k, v));
        return ProgramRun.run(config, (ctx, ignored) -> {
            App.stack(ctx);
            return null;
        });
    }

    @Test
    void stagingAnOriginValue_changesTheSecretVersion_butNotWhatCloudFrontSends() {
        // THEN only the origin secret's version differs from before the rotation, and it holds the new value
        assertThat(differences(before, originStaged)).containsExactly(
                "aws:secretsmanager/secretVersion:SecretVersion us-east-1-origin-secret-value/secretString");
        assertThat(secretStrings(originStaged)).containsExactlyInAnyOrder(ProgramRun.JWT_SECRET, NEW_ORIGIN);
        // AND both distributions still send the old value
        assertThat(originStaged.ofType(Types.DISTRIBUTION)).hasSize(2).allSatisfy(d ->
                assertThat(header(d)).isEqualTo(ProgramRun.ORIGIN_SECRET));
    }

    @Test
    void movingTheOriginValueToOriginSecret_changesOnlyTheDistributionsHeader() {
        // THEN the secret keeps its (new) value and exactly the two distributions' header changes, to the new value
        assertThat(differences(originStaged, originDone)).containsExactlyInAnyOrder(
                "aws:cloudfront/distribution:Distribution us-east-1-distribution/origins/0/customHeaders/0/value",
                "aws:cloudfront/distribution:Distribution us-east-1-domain-distribution/origins/0/customHeaders/0/value");
        assertThat(secretStrings(originDone)).containsExactlyInAnyOrder(ProgramRun.JWT_SECRET, NEW_ORIGIN);
        assertThat(originDone.ofType(Types.DISTRIBUTION)).allSatisfy(d -> assertThat(header(d)).isEqualTo(NEW_ORIGIN));
    }

    @Test
    void stagingAJwtKey_changesOnlyTheSecretVersion_andTheFinalStepChangesNothing() {
        assertThat(differences(before, jwtStaged)).containsExactly(
                "aws:secretsmanager/secretVersion:SecretVersion us-east-1-jwt-secret-value/secretString");
        assertThat(secretStrings(jwtStaged)).containsExactlyInAnyOrder(NEW_JWT, ProgramRun.ORIGIN_SECRET);
        // the issuer has switched to the new key in between; moving it to jwtSecret is a no-op for the stack
        assertThat(differences(jwtStaged, jwtDone)).isEmpty();
    }

    @Test
    void everyValue_staysASecret_inEveryStep() {
        for (ProgramRun run : List.of(before, originStaged, originDone, jwtStaged, jwtDone)) {
            for (ProgramRun.Declared d : run.declared) {
                assertThat(PlainStrings.of(d.serializedInputs())).as(d.type() + " " + d.name())
                        .noneMatch(s -> VALUES.stream().anyMatch(s::contains));
            }
            assertThat(Snapshots.render(run)).doesNotContain(VALUES);
        }
    }

    @Test
    void aStagedJwtKeyTooShort_failsTheDeployment_namingTheStagedKey_withoutPrintingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(Map.of(StackConfig.JWT_SECRET_NEXT, "short-next")))
                .hasStackTraceContaining("switchboard:jwtSecretNext")
                .hasStackTraceContaining("has 10 bytes")
                .satisfies(e -> assertThat(SecretsTest.stackTrace(e)).doesNotContain("short-next"));
    }

    @Test
    void cdksOriginSecretVersion_inPulumiConfig_stopsTheProgramPointingAtTheStagedKey() {
        // a CDK-only setting would otherwise be ignored silently, and the user would believe the version pinned
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StackConfig.environment("dev", key ->
                        java.util.Optional.ofNullable(Map.of("account", ProgramRun.ACCOUNT, "originSecretVersion",
                                "0b6f1c9e-3a57-4e0c-9d2b-5f8a1e7c4d31").get(key))))
                .isInstanceOf(dev.switchboard.blueprint.BlueprintException.class)
                .hasMessageStartingWith("switchboard:originSecretVersion: is a CDK setting")
                .hasMessageContaining("Fix: remove it and stage the new value with pulumi config set --secret"
                        + " originSecretNext");
    }

    static List<Object> secretStrings(ProgramRun run) {
        return run.ofType(Types.SECRET_VERSION).stream().map(v -> v.inputs().get("secretString")).toList();
    }

    static Object header(AwsMocks.Registered distribution) {
        return ProgramRun.at(distribution.inputs(), "origins", 0, "customHeaders", 0, "value");
    }

    /**
     * {@code type name/path} of every input that differs between two runs (and of resources only one has), over the
     * inputs as the engine receives them (archives as their path; a secret's value compared inside its wrapper).
     */
    static List<String> differences(ProgramRun a, ProgramRun b) {
        Map<String, Object> ia = inputs(a);
        Map<String, Object> ib = inputs(b);
        TreeSet<String> keys = new TreeSet<>(ia.keySet());
        keys.addAll(ib.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            diff(k, ia.get(k), ib.get(k), out);
        }
        return out;
    }

    private static Map<String, Object> inputs(ProgramRun run) {
        Map<String, Object> out = new HashMap<>();
        run.declared.forEach(d -> out.put(d.type() + " " + d.name(), d.serializedInputs()));
        return out;
    }

    private static void diff(String path, Object a, Object b, List<String> out) {
        if (isSecret(a) && isSecret(b)) {
            diff(path, ((Map<?, ?>) a).get("value"), ((Map<?, ?>) b).get("value"), out);
        } else if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            TreeSet<String> keys = new TreeSet<>();
            ma.keySet().forEach(k -> keys.add(k.toString()));
            mb.keySet().forEach(k -> keys.add(k.toString()));
            for (String k : keys) {
                diff(path + "/" + k, ma.get(k), mb.get(k), out);
            }
        } else if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
            for (int i = 0; i < la.size(); i++) {
                diff(path + "/" + i, la.get(i), lb.get(i), out);
            }
        } else if (a == null ? b != null : !a.equals(b)) {
            out.add(path);
        }
    }

    private static boolean isSecret(Object v) {
        return v instanceof Map<?, ?> m && Snapshots.SECRET_SIG.equals(m.get(Snapshots.SIG_KEY));
    }
}
