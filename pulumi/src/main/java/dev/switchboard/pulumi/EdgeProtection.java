package dev.switchboard.pulumi;

import com.pulumi.aws.cloudwatch.Dashboard;
import com.pulumi.aws.cloudwatch.DashboardArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.wafv2.WebAcl;
import com.pulumi.aws.wafv2.WebAclArgs;
import com.pulumi.aws.wafv2.inputs.WebAclDefaultActionAllowArgs;
import com.pulumi.aws.wafv2.inputs.WebAclDefaultActionArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleActionArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleActionBlockArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementAndStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementLabelMatchStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementNotStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementOrStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementRegexMatchStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementRegexMatchStatementFieldToMatchArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementRegexMatchStatementFieldToMatchQueryStringArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementRegexMatchStatementTextTransformationArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementSizeConstraintStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementSizeConstraintStatementFieldToMatchArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementSizeConstraintStatementFieldToMatchQueryStringArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementSizeConstraintStatementFieldToMatchSingleHeaderArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementSizeConstraintStatementTextTransformationArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleOverrideActionArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleOverrideActionNoneArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementManagedRuleGroupStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleStatementRateBasedStatementArgs;
import com.pulumi.aws.wafv2.inputs.WebAclRuleVisibilityConfigArgs;
import com.pulumi.aws.wafv2.inputs.WebAclVisibilityConfigArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EdgeRules;
import dev.switchboard.blueprint.Handshake;
import dev.switchboard.blueprint.PhysicalNames;
import dev.switchboard.blueprint.Regions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Edge protection for the environment (the CDK construct of the same name), in {@value Regions#EDGE_REGION}: a
 * CLOUDFRONT-scope WAFv2 web ACL (WAF cannot be associated with API Gateway WebSocket APIs, so each region's CloudFront
 * distribution carries it) with a per-IP rate-based rule ({@link dev.switchboard.blueprint.Limits#wafRatePerIp()} per
 * 5 minutes) and the AWS managed rule groups, an SNS topic, the blueprint's WAF alarms (CloudFront's WAF metrics live
 * in us-east-1) and a dashboard.
 */
public final class EdgeProtection extends ComponentResource {
    public static final String TYPE = "switchboard:index:EdgeProtection";
    /** The rate-based rule's name (also its metric name). */
    public static final String RATE_RULE = EdgeRules.RATE_RULE;
    /** AWS managed rule groups, in priority order after the rate and size rules ({@link EdgeRules}). */
    public static final List<String> MANAGED_RULE_GROUPS = EdgeRules.MANAGED_RULE_GROUPS;

    private final WebAcl webAcl;
    private final Topic topic;
    private final Dashboard dashboard;
    private final List<MetricAlarm> alarms = new ArrayList<>();

    EdgeProtection(String name, Blueprint blueprint, Placement edge, Resource parent) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        if (!edge.region().equals(Regions.EDGE_REGION)) {
            throw new IllegalArgumentException("a CLOUDFRONT-scope web ACL must be created in " + Regions.EDGE_REGION
                    + ", not " + edge.region());
        }
        PhysicalNames names = blueprint.names();
        String aclName = names.webAcl();
        List<WebAclRuleArgs> rules = new ArrayList<>();
        rules.add(WebAclRuleArgs.builder()
                .name(RATE_RULE)
                .priority(0)
                .action(WebAclRuleActionArgs.builder().block(WebAclRuleActionBlockArgs.builder().build()).build())
                .statement(WebAclRuleStatementArgs.builder().rateBasedStatement(
                        WebAclRuleStatementRateBasedStatementArgs.builder()
                                .limit(blueprint.limits().wafRatePerIp())
                                .aggregateKeyType("IP")
                                .evaluationWindowSec(300)
                                .build()).build())
                .visibilityConfig(visibility(RATE_RULE))
                .build());
        rules.add(WebAclRuleArgs.builder()
                .name(EdgeRules.QUERY_SIZE_RULE)
                .priority(1)
                .action(block())
                .statement(WebAclRuleStatementArgs.builder().sizeConstraintStatement(
                        WebAclRuleStatementSizeConstraintStatementArgs.builder()
                                .fieldToMatch(WebAclRuleStatementSizeConstraintStatementFieldToMatchArgs.builder()
                                        .queryString(WebAclRuleStatementSizeConstraintStatementFieldToMatchQueryStringArgs
                                                .builder().build()).build())
                                .comparisonOperator("GT")
                                .size(Handshake.maxQueryStringBytes(blueprint.limits()))
                                .textTransformations(List.of(WebAclRuleStatementSizeConstraintStatementTextTransformationArgs
                                        .builder().priority(0).type("NONE").build()))
                                .build()).build())
                .visibilityConfig(visibility(EdgeRules.QUERY_SIZE_RULE))
                .build());
        Map<String, List<String>> counted = EdgeRules.countedRules();
        for (int i = 0; i < MANAGED_RULE_GROUPS.size(); i++) {
            String group = MANAGED_RULE_GROUPS.get(i);
            List<WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs> overrides = counted.get(group)
                    .stream().map(r -> WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideArgs.builder()
                            .name(r)
                            .actionToUse(WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseArgs
                                    .builder().count(
                                            WebAclRuleStatementManagedRuleGroupStatementRuleActionOverrideActionToUseCountArgs
                                                    .builder().build()).build())
                            .build()).toList();
            WebAclRuleStatementManagedRuleGroupStatementArgs.Builder mg =
                    WebAclRuleStatementManagedRuleGroupStatementArgs.builder().vendorName("AWS").name(group);
            if (!overrides.isEmpty()) {
                mg.ruleActionOverrides(overrides);
            }
            rules.add(WebAclRuleArgs.builder()
                    .name(group)
                    .priority(i + 2)
                    .overrideAction(WebAclRuleOverrideActionArgs.builder()
                            .none(WebAclRuleOverrideActionNoneArgs.builder().build()).build())
                    .statement(WebAclRuleStatementArgs.builder().managedRuleGroupStatement(mg.build()).build())
                    .visibilityConfig(visibility(group))
                    .build());
        }
        List<WebAclRuleStatementArgs> labels = EdgeRules.scopedLabels().stream().map(l -> WebAclRuleStatementArgs
                .builder().labelMatchStatement(WebAclRuleStatementLabelMatchStatementArgs.builder().scope("LABEL")
                        .key(l).build()).build()).toList();
        WebAclRuleStatementArgs notHandshake = WebAclRuleStatementArgs.builder().notStatement(
                WebAclRuleStatementNotStatementArgs.builder().statements(List.of(WebAclRuleStatementArgs.builder()
                        .regexMatchStatement(WebAclRuleStatementRegexMatchStatementArgs.builder()
                                .fieldToMatch(WebAclRuleStatementRegexMatchStatementFieldToMatchArgs.builder()
                                        .queryString(WebAclRuleStatementRegexMatchStatementFieldToMatchQueryStringArgs
                                                .builder().build()).build())
                                .regexString(EdgeRules.HANDSHAKE_QUERY_REGEX)
                                .textTransformations(List.of(WebAclRuleStatementRegexMatchStatementTextTransformationArgs
                                        .builder().priority(0).type("NONE").build()))
                                .build()).build())).build()).build();
        rules.add(WebAclRuleArgs.builder()
                .name(EdgeRules.QUERY_PATTERN_RULE)
                .priority(MANAGED_RULE_GROUPS.size() + 2)
                .action(block())
                .statement(WebAclRuleStatementArgs.builder().andStatement(WebAclRuleStatementAndStatementArgs.builder()
                        .statements(List.of(WebAclRuleStatementArgs.builder().orStatement(
                                WebAclRuleStatementOrStatementArgs.builder().statements(labels).build()).build(),
                                notHandshake)).build()).build())
                .visibilityConfig(visibility(EdgeRules.QUERY_PATTERN_RULE))
                .build());
        rules.add(WebAclRuleArgs.builder()
                .name(EdgeRules.PROTOCOL_HEADER_SIZE_RULE)
                .priority(MANAGED_RULE_GROUPS.size() + 3)
                .action(block())
                .statement(WebAclRuleStatementArgs.builder().sizeConstraintStatement(
                        WebAclRuleStatementSizeConstraintStatementArgs.builder()
                                .fieldToMatch(WebAclRuleStatementSizeConstraintStatementFieldToMatchArgs.builder()
                                        .singleHeader(WebAclRuleStatementSizeConstraintStatementFieldToMatchSingleHeaderArgs
                                                .builder().name(Handshake.PROTOCOL_HEADER.toLowerCase(java.util.Locale.ROOT))
                                                .build()).build())
                                .comparisonOperator("GT")
                                .size(Handshake.maxProtocolHeaderBytes(blueprint.limits()))
                                .textTransformations(List.of(WebAclRuleStatementSizeConstraintStatementTextTransformationArgs
                                        .builder().priority(0).type("NONE").build()))
                                .build()).build())
                .visibilityConfig(visibility(EdgeRules.PROTOCOL_HEADER_SIZE_RULE))
                .build());
        this.webAcl = new WebAcl(edge.name("web-acl"), WebAclArgs.builder()
                .name(aclName)
                .description("Switchboard edge protection for " + blueprint.environment().name())
                .scope("CLOUDFRONT")
                .defaultAction(WebAclDefaultActionArgs.builder().allow(WebAclDefaultActionAllowArgs.builder().build())
                        .build())
                .rules(rules)
                .visibilityConfig(WebAclVisibilityConfigArgs.builder().cloudwatchMetricsEnabled(true)
                        .metricName(aclName).sampledRequestsEnabled(true).build())
                .build(), edge.under(this));

        this.topic = Alarms.topic(edge, this, "edge-alarms", names.alarmTopic(PhysicalNames.EDGE),
                blueprint.environment().alarmEmail());
        List<Monitoring.Graph> graphs = new ArrayList<>();
        List<String> alarmNames = new ArrayList<>();
        for (AlarmSpec spec : blueprint.alarms()) {
            if (spec.kind() == AlarmSpec.Kind.WAF) {
                Output<Map<String, String>> dims = Output.of(Map.of("WebACL", aclName, "Rule", "ALL"));
                String alarmName = names.alarm(PhysicalNames.EDGE, PhysicalNames.alarmSuffix(spec, null));
                alarmNames.add(alarmName);
                alarms.add(Alarms.create(edge, this, "waf-" + spec.id(), alarmName, spec,
                        spec.threshold(), dims, topic.arn()));
                graphs.add(Monitoring.Graph.of(spec, "WAF " + spec.metric(), dims));
            }
        }
        Alarms.topicPolicy(edge, this, "edge-alarms", topic, blueprint.environment().requireAccount(), alarmNames);
        this.dashboard = new Dashboard(edge.name("edge-dashboard"), DashboardArgs.builder()
                .dashboardName(names.dashboard(PhysicalNames.EDGE))
                .dashboardBody(Monitoring.dashboardBody(graphs, edge.region()))
                .build(), edge.under(this));
        registerOutputs(Map.of("webAclArn", webAcl.arn()));
    }

    private static WebAclRuleActionArgs block() {
        return WebAclRuleActionArgs.builder().block(WebAclRuleActionBlockArgs.builder().build()).build();
    }

    private static WebAclRuleVisibilityConfigArgs visibility(String metric) {
        return WebAclRuleVisibilityConfigArgs.builder().cloudwatchMetricsEnabled(true).metricName(metric)
                .sampledRequestsEnabled(true).build();
    }

    public WebAcl webAcl() {
        return webAcl;
    }

    public Output<String> webAclArn() {
        return webAcl.arn();
    }

    public Topic topic() {
        return topic;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public List<MetricAlarm> alarms() {
        return List.copyOf(alarms);
    }
}
