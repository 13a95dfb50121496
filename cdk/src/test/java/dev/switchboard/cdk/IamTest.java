package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.TableAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Least privilege, by exact action and exact ARN. */
class IamTest {
    private final Synthesized prod = Synthesized.of("prod");
    private final Blueprint bp = prod.deployment.blueprint();
    private final Stack replica = prod.regional("eu-west-1");
    private final Switchboard replicaBoard = prod.deployment.switchboards().get(1);

    private static final List<String> READ = List.of("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem",
            "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query");
    /** CDK renders actions sorted. */
    private static final List<String> READ_WRITE = List.of("dynamodb:BatchGetItem", "dynamodb:BatchWriteItem",
            "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem",
            "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem");

    private Map<String, Object> policyOf(String fn, List<Object> statements) {
        return Map.of("Roles", List.of(Cfn.ref(replicaBoard.handlers().role(fn))),
                "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", statements));
    }

    private static Map<String, Object> logs(String fn) {
        return Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "Resource", "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/lambda/switchboard-prod-" + fn + ":*");
    }

    private static Map<String, Object> table(List<String> actions) {
        return Map.of("Effect", "Allow", "Action", actions, "Resource", List.of(
                "arn:aws:dynamodb:eu-west-1:333333333333:table/switchboard-prod-connections",
                "arn:aws:dynamodb:eu-west-1:333333333333:table/switchboard-prod-connections/index/*"));
    }

    private Map<String, Object> management() {
        return Map.of("Effect", "Allow", "Action", "execute-api:ManageConnections", "Resource", List.of(
                "arn:aws:execute-api:ap-northeast-1:333333333333:*/prod/*/@connections/*",
                "arn:aws:execute-api:us-east-1:333333333333:*/prod/*/@connections/*",
                Cfn.join("arn:aws:execute-api:eu-west-1:333333333333:", Cfn.ref(replicaBoard.endpoint().api()),
                        "/prod/*/@connections/*")));
    }

    /** {@code send} puts shards on the fan-out queue, and may do nothing else with it. */
    private static Object sendShards() {
        return Match.objectLike(Map.of("Effect", "Allow", "Action",
                List.of("sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage")));
    }

    @Test
    void send_readsAndWritesTheLocalReplica_andManagesConnectionsOfEveryRegionsStage() {
        // GIVEN the send handler (READ_WRITE, management API) in a replica region  THEN exactly these statements
        prod.template(replica).hasResourceProperties("AWS::IAM::Policy", policyOf("send",
                List.of(logs("send"), table(READ_WRITE), management(), sendShards())));
    }

    @Test
    void ping_hasOnlyItsLogs() {
        prod.template(replica).hasResourceProperties("AWS::IAM::Policy", policyOf("ping", List.of(logs("ping"))));
    }

    @Test
    void authorizer_readsOnlyItsSecrets_byTheCompleteArnOfTheRegionsReplica() {
        // the complete ARNs come from this region's DescribeSecret lookups (SecretArnLookup), not an ARN pattern
        prod.template(replica).hasResourceProperties("AWS::IAM::Policy", policyOf("authorizer", List.of(
                logs("authorizer"),
                Map.of("Effect", "Allow", "Action", "secretsmanager:GetSecretValue", "Resource", List.of(
                        replica.resolve(replicaBoard.secrets().jwtSecretArn()),
                        replica.resolve(replicaBoard.secrets().originSecretArn()))))));
        prod.template(replica).hasResourceProperties("Custom::AWS", Map.of("Create", Match.serializedJson(
                Match.objectLike(Map.of("service", "SecretsManager", "action", "DescribeSecret",
                        "parameters", Map.of("SecretId", "switchboard/prod/origin-header-value"),
                        "region", "eu-west-1")))));
    }

    @Test
    void everyFunction_getsExactlyItsBlueprintAccess() {
        Template t = prod.template(replica);
        for (FunctionSpec fn : bp.functions()) {
            List<Object> statements = new ArrayList<>();
            statements.add(logs(fn.name()));
            if (fn.tableAccess() != TableAccess.NONE) {
                statements.add(table(fn.tableAccess() == TableAccess.READ ? READ : READ_WRITE));
            }
            if (fn.managementApi()) {
                statements.add(management());
            }
            if (fn.jwtSecret()) {
                statements.add(Match.objectLike(Map.of("Action", "secretsmanager:GetSecretValue")));
            }
            if (fn.name().equals(FanoutQueue.PRODUCER)) {
                statements.add(sendShards());
            }
            t.hasResourceProperties("AWS::IAM::Policy", policyOf(fn.name(), statements));
        }
    }

    @Test
    void customRouteWithReadAccess_getsReadActionsOnly() {
        Synthesized qa = Synthesized.of("qa");
        Switchboard board = qa.deployment.switchboards().get(0);
        qa.template(qa.regional("eu-west-1")).hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Cfn.ref(board.handlers().role("typing"))),
                "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", Match.arrayWith(List.of(Map.of(
                        "Effect", "Allow", "Action", READ, "Resource", List.of(
                                "arn:aws:dynamodb:eu-west-1:444444444444:table/switchboard-qa-connections",
                                "arn:aws:dynamodb:eu-west-1:444444444444:table/switchboard-qa-connections/index/*")))))));
    }

    @Test
    void noStatementInAnyStack_grantsTheWildcardAction_orScan() {
        for (String env : List.of("dev", "prod", "qa")) {
            Synthesized s = Synthesized.of(env);
            s.templates.forEach((stack, template) -> {
                List<Object> actions = new ArrayList<>();
                collectActions(template, actions);
                assertThat(actions).as(stack).isNotEmpty();
                // grants only: a Deny may be broad (the fan-out queues' policies deny sqs:* without TLS)
                List<Object> granted = new ArrayList<>();
                collectActions(withoutDenies(template), granted);
                assertThat(granted).as(stack)
                        .noneMatch(a -> a.toString().equals("*") || a.toString().endsWith(":*"))
                        .doesNotContain("dynamodb:Scan");
            });
        }
    }

    /** A copy of {@code node} without its Deny statements. */
    private static Object withoutDenies(Object node) {
        if (node instanceof Map<?, ?> m) {
            if ("Deny".equals(m.get("Effect"))) {
                return Map.of();
            }
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, withoutDenies(v)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(IamTest::withoutDenies).toList();
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static void collectActions(Object node, List<Object> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.containsKey("Effect") && m.containsKey("Action")) {
                Object a = m.get("Action");
                if (a instanceof List<?> l) {
                    out.addAll(l);
                } else {
                    out.add(a);
                }
            }
            m.values().forEach(v -> collectActions(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectActions(v, out));
        }
    }

    /**
     * The other regions' API ids are not known when a stack deploys before them, and
     * {@code execute-api:ManageConnections} has no condition keys to narrow a wildcard
     * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigateway.html): the bound is
     * this account, that region, the environment's stage and {@code @connections} only; with the deployed ids given
     * ({@code -c apiIds=...}) every grant names its API exactly.
     */
    @Test
    void managementGrants_areBoundedByAccountRegionAndStage_andExactOnceTheApiIdsAreGiven() {
        List<String> others = List.of("us-east-1", "ap-northeast-1");
        List<Object> bounded = replicaBoard.endpoint().managementApiArns(others, Map.of()).stream()
                .map(a -> replica.resolve(a)).toList();
        assertThat(bounded.subList(1, 3)).containsExactly(
                "arn:aws:execute-api:us-east-1:333333333333:*/prod/*/@connections/*",
                "arn:aws:execute-api:ap-northeast-1:333333333333:*/prod/*/@connections/*");
        List<Object> exact = replicaBoard.endpoint().managementApiArns(others, Map.of("us-east-1", "a1b2c3d4e5",
                "ap-northeast-1", "f6g7h8i9j0")).stream().map(a -> replica.resolve(a)).toList();
        assertThat(exact).containsExactly(Cfn.join("arn:aws:execute-api:eu-west-1:333333333333:",
                        Cfn.ref(replicaBoard.endpoint().api()), "/prod/*/@connections/*"),
                "arn:aws:execute-api:us-east-1:333333333333:a1b2c3d4e5/prod/*/@connections/*",
                "arn:aws:execute-api:ap-northeast-1:333333333333:f6g7h8i9j0/prod/*/@connections/*");
    }

    @Test
    void apiIdsOfRegionsOutsideTheEnvironment_orMalformed_stopSynth() {
        for (Object bad : List.of(Map.of("sa-east-1", "a1b2c3d4e5"), Map.of("eu-west-1", "NOT-AN-ID"))) {
            java.util.Map<String, Object> context = SwitchboardApp.loadContext(SwitchboardApp.root().resolve("cdk.json"));
            context.put("env", "prod");
            context.put("apiIds", bad);
            software.amazon.awscdk.App app = software.amazon.awscdk.App.Builder.create().context(context)
                    .outdir(java.nio.file.Path.of("target", "test-cdk-out", "api-ids").toAbsolutePath().toString())
                    .build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SwitchboardApp.build(app,
                    SwitchboardApp.root().resolve(SwitchboardApp.HANDLER_JAR)))
                    .isInstanceOf(dev.switchboard.blueprint.BlueprintException.class)
                    .hasMessageContaining("apiIds.").hasMessageContaining("Fix: give each region's API id");
        }
    }
}
