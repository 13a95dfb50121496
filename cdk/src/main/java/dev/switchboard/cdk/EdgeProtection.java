package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.EdgeRules;
import dev.switchboard.blueprint.Handshake;
import dev.switchboard.blueprint.Regions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * The edge protection of an environment, in {@value Regions#EDGE_REGION} (CloudFront's web ACLs and WAF metrics live
 * there): a CLOUDFRONT-scope WAFv2 web ACL ({@code Resource}) with a per-IP rate-based rule (the blueprint's
 * {@code wafRatePerIp} per 5 minutes) and the AWS managed rule groups common, known bad inputs and IP reputation; the
 * WAF alarms (see {@link EdgeRules} for the managed rules that would block valid handshakes and how each is handled:
 * a client without User-Agent passes, the query string may be as large as {@link Handshake#maxQueryStringBytes}); the
 * origin secret CloudFront sends to the APIs (replicated to the environment's other regions); and an
 * SSM parameter ({@link #parameterName(Blueprint)}) holding the web ACL ARN, which the regional
 * stacks read at deploy time. AWS WAF cannot protect API Gateway WebSocket APIs: this web ACL is attached to the
 * regional CloudFront distributions, never associated with an API Gateway resource.
 */
public final class EdgeProtection extends Construct {
    /** Managed rule groups, in priority order after the rate and size rules ({@link EdgeRules}). */
    public static final List<String> MANAGED_RULE_GROUPS = EdgeRules.MANAGED_RULE_GROUPS;

    private final CfnWebACL webAcl;
    private final Secret originSecret;
    private final StringParameter parameter;
    private final Monitoring monitoring;
    private final String webAclName;
    private final Blueprint blueprint;

    /** @param blueprint the system and its environment: names, limits, regions of the origin secret's replicas */
    public record Props(Blueprint blueprint) {
        public Props {
            java.util.Objects.requireNonNull(blueprint, "blueprint");
        }
    }

    public EdgeProtection(Construct scope, String id, Props props) {
        super(scope, id);
        Blueprint blueprint = props.blueprint();
        this.blueprint = blueprint;
        String region = Regional.region(this);
        if (!Regions.EDGE_REGION.equals(region)) {
            throw new BlueprintException("edge.region", "a CLOUDFRONT-scope web ACL must be created in "
                    + Regions.EDGE_REGION + ", not " + region + " (CloudFormation fails)",
                    "put EdgeProtection in a stack with region " + Regions.EDGE_REGION);
        }
        this.webAclName = blueprint.names().webAcl();
        List<Object> rules = new ArrayList<>();
        rules.add(CfnWebACL.RuleProperty.builder()
                .name(EdgeRules.RATE_RULE)
                .priority(0)
                .action(CfnWebACL.RuleActionProperty.builder()
                        .block(CfnWebACL.BlockActionProperty.builder().build()).build())
                .statement(CfnWebACL.StatementProperty.builder()
                        .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                .limit(blueprint.limits().wafRatePerIp())
                                .aggregateKeyType("IP")
                                .evaluationWindowSec(300)
                                .build())
                        .build())
                .visibilityConfig(visibility("rate-per-ip"))
                .build());
        rules.add(CfnWebACL.RuleProperty.builder()
                .name(EdgeRules.QUERY_SIZE_RULE)
                .priority(1)
                .action(block())
                .statement(CfnWebACL.StatementProperty.builder()
                        .sizeConstraintStatement(CfnWebACL.SizeConstraintStatementProperty.builder()
                                .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().queryString(Map.of()).build())
                                .comparisonOperator("GT")
                                .size(Handshake.maxQueryStringBytes(blueprint.limits()))
                                .textTransformations(List.of(none()))
                                .build())
                        .build())
                .visibilityConfig(visibility(EdgeRules.QUERY_SIZE_RULE))
                .build());
        Map<String, List<String>> counted = EdgeRules.countedRules();
        for (int i = 0; i < MANAGED_RULE_GROUPS.size(); i++) {
            String group = MANAGED_RULE_GROUPS.get(i);
            List<Object> overrides = new ArrayList<>();
            for (String rule : counted.get(group)) {
                overrides.add(CfnWebACL.RuleActionOverrideProperty.builder().name(rule)
                        .actionToUse(CfnWebACL.RuleActionProperty.builder()
                                .count(CfnWebACL.CountActionProperty.builder().build()).build())
                        .build());
            }
            CfnWebACL.ManagedRuleGroupStatementProperty.Builder mg = CfnWebACL.ManagedRuleGroupStatementProperty
                    .builder().vendorName("AWS").name(group);
            if (!overrides.isEmpty()) {
                mg.ruleActionOverrides(overrides);
            }
            rules.add(CfnWebACL.RuleProperty.builder()
                    .name(group)
                    .priority(i + 2)
                    .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                    .statement(CfnWebACL.StatementProperty.builder().managedRuleGroupStatement(mg.build()).build())
                    .visibilityConfig(visibility(group))
                    .build());
        }
        List<Object> labels = new ArrayList<>();
        for (String label : EdgeRules.scopedLabels()) {
            labels.add(CfnWebACL.StatementProperty.builder().labelMatchStatement(
                    CfnWebACL.LabelMatchStatementProperty.builder().scope("LABEL").key(label).build()).build());
        }
        rules.add(CfnWebACL.RuleProperty.builder()
                .name(EdgeRules.QUERY_PATTERN_RULE)
                .priority(MANAGED_RULE_GROUPS.size() + 2)
                .action(block())
                .statement(CfnWebACL.StatementProperty.builder().andStatement(CfnWebACL.AndStatementProperty.builder()
                        .statements(List.of(
                                CfnWebACL.StatementProperty.builder().orStatement(CfnWebACL.OrStatementProperty
                                        .builder().statements(labels).build()).build(),
                                CfnWebACL.StatementProperty.builder().notStatement(CfnWebACL.NotStatementProperty
                                        .builder().statement(CfnWebACL.StatementProperty.builder()
                                                .regexMatchStatement(CfnWebACL.RegexMatchStatementProperty.builder()
                                                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder()
                                                                .queryString(Map.of()).build())
                                                        .regexString(EdgeRules.HANDSHAKE_QUERY_REGEX)
                                                        .textTransformations(List.of(none()))
                                                        .build()).build()).build()).build()))
                        .build()).build())
                .visibilityConfig(visibility(EdgeRules.QUERY_PATTERN_RULE))
                .build());
        rules.add(CfnWebACL.RuleProperty.builder()
                .name(EdgeRules.PROTOCOL_HEADER_SIZE_RULE)
                .priority(MANAGED_RULE_GROUPS.size() + 3)
                .action(block())
                .statement(CfnWebACL.StatementProperty.builder()
                        .sizeConstraintStatement(CfnWebACL.SizeConstraintStatementProperty.builder()
                                .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().singleHeader(
                                        Map.of("Name", Handshake.PROTOCOL_HEADER.toLowerCase(java.util.Locale.ROOT))).build())
                                .comparisonOperator("GT")
                                .size(Handshake.maxProtocolHeaderBytes(blueprint.limits()))
                                .textTransformations(List.of(none()))
                                .build())
                        .build())
                .visibilityConfig(visibility(EdgeRules.PROTOCOL_HEADER_SIZE_RULE))
                .build());
        this.webAcl = CfnWebACL.Builder.create(this, "Resource")
                .name(webAclName)
                .description("Switchboard edge protection for " + blueprint.environment().name())
                .scope("CLOUDFRONT")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility(webAclName))
                .rules(rules)
                .build();
        this.parameter = StringParameter.Builder.create(this, "WebAclArn")
                .parameterName(parameterName(blueprint))
                .description("ARN of the Switchboard edge web ACL; read by the regional stacks at deploy time")
                .stringValue(webAcl.getAttrArn())
                .build();
        this.monitoring = new Monitoring(this, "Monitoring",
                Monitoring.Props.edge(blueprint, webAclName));
        List<String> replicas = blueprint.environment().regions().stream().filter(r -> !r.equals(region)).toList();
        this.originSecret = SwitchboardSecrets.generated(this, "OriginVerify",
                SwitchboardSecrets.originSecretName(blueprint), "Value of the origin header CloudFront adds; the"
                        + " authorizer rejects handshakes without it, so the execute-api URL cannot bypass WAF", 48,
                replicas, blueprint.environment().deletionProtection());
        Nag.edgeSecret(originSecret);
    }

    private static CfnWebACL.RuleActionProperty block() {
        return CfnWebACL.RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build();
    }

    private static CfnWebACL.TextTransformationProperty none() {
        return CfnWebACL.TextTransformationProperty.builder().priority(0).type("NONE").build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder().metricName(metric.replaceAll("[^A-Za-z0-9_-]", "-"))
                .cloudWatchMetricsEnabled(true).sampledRequestsEnabled(true).build();
    }

    /**
     * A key that changes exactly when CloudFormation would replace this web ACL (and so give it a new ARN): a hash of
     * the edge stack's name, the ACL's construct path (its logical id) and the two properties whose change requires
     * replacement, {@code Name} and {@code Scope}
     * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-wafv2-webacl.html). Rule
     * changes update the ACL in place and keep its ARN, so they leave the key alone. {@link WebAclArnLookup} is keyed
     * on it: a replaced ACL is re-read on the next deploy of the regional stacks, and an unchanged one shows no diff.
     */
    public String replacementKey() {
        return replacementKey(Stack.of(this).getStackName(), webAcl.getNode().getPath(), webAclName, "CLOUDFRONT");
    }

    /** {@link #replacementKey()} of the parts; {@code null} parts are left out (a library user's own lookup). */
    public static String replacementKey(String stackName, String constructPath, String aclName, String scope) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            String text = "AWS::WAFv2::WebACL|" + stackName + "|" + constructPath + "|" + aclName + "|" + scope;
            byte[] h = md.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key of the ACL {@link EdgeProtection} creates for {@code blueprint}, without knowing its stack. */
    public static String replacementKey(Blueprint blueprint) {
        return replacementKey(null, null, blueprint.names().webAcl(), "CLOUDFRONT");
    }

    /**
     * The SSM parameter in {@value Regions#EDGE_REGION} that holds the web ACL ARN:
     * {@link dev.switchboard.blueprint.PhysicalNames#webAclParameter()}.
     */
    public static String parameterName(Blueprint blueprint) {
        return blueprint.names().webAclParameter();
    }

    /** The blueprint this edge protects. */
    public Blueprint blueprint() {
        return blueprint;
    }

    public CfnWebACL webAcl() {
        return webAcl;
    }

    public String webAclName() {
        return webAclName;
    }

    /** The origin secret (replicated to every other region of the environment). */
    public Secret originSecret() {
        return originSecret;
    }

    /** A dynamic reference to the origin secret, for a distribution in this stack. */
    public String originSecretReference() {
        return SwitchboardSecrets.reference(originSecret.getSecretArn());
    }

    /** As {@link #originSecretReference()}, pinned to version {@code versionId} (null: unpinned). */
    public String originSecretReference(String versionId) {
        return SwitchboardSecrets.reference(originSecret.getSecretArn(), versionId);
    }

    public StringParameter parameter() {
        return parameter;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    /** ARN of the parameter, for a cross-region read grant. */
    public static String parameterArn(Stack readerStack, Blueprint blueprint) {
        return "arn:" + readerStack.getPartition() + ":ssm:" + Regions.EDGE_REGION + ":" + readerStack.getAccount()
                + ":parameter" + parameterName(blueprint);
    }
}
