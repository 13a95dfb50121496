package dev.switchboard.cdk;

import dev.switchboard.cdk.guards.TemplateView;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.FunctionSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * What docs/deploy.md's "Rotating secrets" procedure relies on in the CDK templates.
 *
 * <p>CloudFormation resolves a {@code {{resolve:secretsmanager:...}}} dynamic reference only when it updates the
 * resource property that holds it; a stack update with an unchanged template changes nothing, so a new secret value
 * reaches CloudFront only through a template change
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html: "Updating a
 * secret in Secrets Manager doesn't automatically update the secret in CloudFormation"). The version id in
 * {@code environments.<env>.originSecretVersion} is that change.
 */
class SecretRotationTest {
    static final String VERSION_A = "0b6f1c9e-3a57-4e0c-9d2b-5f8a1e7c4d31";
    static final String VERSION_B = "7d2e9a40-81c3-4b6f-a5e2-c0f93b1d6a88";

    /** One region and a custom domain: a regional distribution and the edge stack's global one. */
    static Map<String, Object> environment(String originSecretVersion) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("account", "555555555555");
        env.put("regions", List.of("us-east-1"));
        env.put("customDomain", Map.of("domainName", "ws.example.com", "hostedZoneId", "Z0123456789ABCDEFGHIJ",
                "hostedZoneName", "example.com"));
        env.put("originSecretVersion", originSecretVersion);
        Map<String, Object> envs = new LinkedHashMap<>();
        envs.put("rot", env);
        return Map.of("environments", envs);
    }

    static Map<String, Map<String, Object>> synth(String version) {
        return SwitchboardApp.synth("rot", Path.of("target", "test-cdk-out", "rot-" + version).toAbsolutePath(),
                environment(version));
    }

    @Test
    void aNewOriginSecretVersion_changesEachDistributionsOriginHeader_andNothingElse() {
        // GIVEN the same environment synthesized with origin secret version A and then version B
        Map<String, Map<String, Object>> a = synth(VERSION_A);
        Map<String, Map<String, Object>> b = synth(VERSION_B);

        // THEN the whole templates differ only in the origin header value of every distribution
        assertThat(b.keySet()).isEqualTo(a.keySet());
        List<String> differences = new ArrayList<>();
        a.forEach((stack, template) -> diff(stack, template, b.get(stack), differences));
        List<String> headers = new ArrayList<>();
        b.forEach((stack, template) -> distributions(template).forEach((id, d) ->
                headers.add(stack + "/Resources/" + id
                        + "/Properties/DistributionConfig/Origins/0/OriginCustomHeaders/0/HeaderValue")));
        assertThat(headers).as("a regional and a global distribution").hasSize(2);
        assertThat(differences).containsExactlyInAnyOrderElementsOf(headers);

        // AND each header is a dynamic reference to that version of the origin secret, by its complete ARN
        b.values().forEach(template -> distributions(template).values().forEach(d -> {
            String value = TemplateView.render(JsonPath.at(d, "Properties", "DistributionConfig", "Origins", 0,
                    "OriginCustomHeaders", 0, "HeaderValue"));
            assertThat(value).startsWith("{{resolve:secretsmanager:${").endsWith(":SecretString:::" + VERSION_B + "}}")
                    .doesNotContain(VERSION_A);
        }));
    }

    @Test
    void withoutAVersion_theHeaderReferencesTheCurrentVersion_byName() {
        // GIVEN the repository's dev environment (no originSecretVersion)
        Synthesized dev = Synthesized.of("dev");
        Stack regional = dev.regional("us-east-1");
        // THEN the distribution sends AWSCURRENT at the time of its last update (today's unpinned reference)
        String value = TemplateView.render(JsonPath.at(distributions(dev.json(regional)).values().iterator().next(),
                "Properties", "DistributionConfig", "Origins", 0, "OriginCustomHeaders", 0, "HeaderValue"));
        assertThat(value).isEqualTo("{{resolve:secretsmanager:"
                + SwitchboardSecrets.originSecretName(dev.deployment.blueprint()) + ":SecretString:::}}");
    }

    @Test
    void theAuthorizersEnvironment_saysHowLongASecretMayBeCached_fromTheBlueprint() {
        // GIVEN the dev environment's template, and a library stack whose blueprint caches secrets for 45 s
        Synthesized dev = Synthesized.of("dev");
        Blueprint devBlueprint = dev.deployment.blueprint();
        Map<String, Object> devVars = authorizerVariables(dev.json(dev.regional("us-east-1")), devBlueprint);

        Blueprint base = Blueprint.reference(Environments.resolve("dev", Map.of("account", "123456789012")));
        Blueprint short45 = base.withLimits(base.limits().toBuilder().secretMaxAge(Duration.ofSeconds(45)).build());
        App app = new App();
        Stack stack = new Stack(app, "Chat", StackProps.builder().env(software.amazon.awscdk.Environment.builder()
                .account("123456789012").region("us-east-1").build()).build());
        new Switchboard(stack, "Chat", Switchboard.Props.builder(short45,
                SwitchboardApp.root().resolve(SwitchboardApp.HANDLER_JAR))
                .webAclArn("arn:aws:wafv2:us-east-1:123456789012:global/webacl/chat/0000").build());
        Map<String, Object> libraryTemplate = Template.fromStack(stack).toJSON();

        // THEN the authorizer is told the blueprint's limit in seconds: 300 by default, 45 when set
        assertThat(devVars).containsEntry(EnvVars.SECRET_MAX_AGE_SECONDS, "300")
                .containsEntry(EnvVars.SECRET_MAX_AGE_SECONDS,
                        String.valueOf(devBlueprint.limits().secretMaxAge().toSeconds()));
        assertThat(authorizerVariables(libraryTemplate, short45)).containsEntry(EnvVars.SECRET_MAX_AGE_SECONDS, "45");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> authorizerVariables(Map<String, Object> template, Blueprint blueprint) {
        FunctionSpec auth = blueprint.authorizerFunction();
        String name = blueprint.functionName(auth);
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        List<Map<String, Object>> found = new ArrayList<>();
        resources.values().forEach(r -> {
            Map<String, Object> res = (Map<String, Object>) r;
            if ("AWS::Lambda::Function".equals(res.get("Type"))
                    && name.equals(JsonPath.at(res, "Properties", "FunctionName"))) {
                found.add(JsonPath.at(res, "Properties", "Environment", "Variables"));
            }
        });
        assertThat(found).as("the authorizer " + name).hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> distributions(Map<String, Object> template) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        ((Map<String, Object>) template.get("Resources")).forEach((id, r) -> {
            if ("AWS::CloudFront::Distribution".equals(((Map<String, Object>) r).get("Type"))) {
                out.put(id, (Map<String, Object>) r);
            }
        });
        return out;
    }

    /** Adds the path of every leaf (or shape) that differs between {@code a} and {@code b}. */
    static void diff(String path, Object a, Object b, List<String> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
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
            // a changed value (a changed dynamic reference is a Fn::Join whose last part differs: report its property)
            out.add(path.replaceAll("/Fn::Join/1/\\d+$", ""));
        }
    }

    /** Walks maps by key and lists by index. */
    static final class JsonPath {
        private JsonPath() {
        }

        @SuppressWarnings("unchecked")
        static <T> T at(Object root, Object... path) {
            Object cur = root;
            for (Object p : path) {
                if (cur == null) {
                    return null;
                }
                cur = p instanceof Integer i ? ((List<Object>) cur).get(i) : ((Map<String, Object>) cur).get(p);
            }
            return (T) cur;
        }
    }
}
