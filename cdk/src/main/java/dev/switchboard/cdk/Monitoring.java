package dev.switchboard.cdk;

import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.PhysicalNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms and a dashboard: an SNS topic ({@code Resource}, TLS enforced; an e-mail subscription when the environment
 * has an alarm e-mail), one alarm per blueprint {@link AlarmSpec} and watched resource of its kind (API Gateway,
 * each Lambda function, the connection table, the edge web ACL), all notifying the topic, and a dashboard.
 * DynamoDB's ThrottledRequests and SystemErrors exist per operation only, so table alarms sum the operations the
 * handlers use.
 */
public final class Monitoring extends Construct {
    /** The table operations the handlers call; the table alarms sum their metrics. */
    public static final List<String> TABLE_OPERATIONS = List.of("GetItem", "PutItem", "UpdateItem", "DeleteItem",
            "Query", "BatchWriteItem", "BatchGetItem");

    /**
     * @param blueprint    the alarms, the functions and the environment (alarm e-mail, names)
     * @param apiId        the WebSocket API id (default null: no API alarms)
     * @param stage        its stage name (with {@code apiId})
     * @param functions    blueprint function name to deployed function name (default empty: no function alarms)
     * @param tableName    the connection table (default null: no table alarms)
     * @param webAclName   the edge web ACL name (default null: no WAF alarms)
     */
    public record Props(Blueprint blueprint, String apiId, String stage, Map<String, String> functions,
                        String tableName, String webAclName) {
        public Props {
            functions = functions == null ? Map.of() : new LinkedHashMap<>(functions);
        }

        /** A region's monitoring: API, function and table alarms. */
        public static Props regional(Blueprint blueprint, String apiId, String stage, Map<String, String> functions,
                                     String tableName) {
            return new Props(blueprint, apiId, stage, functions, tableName, null);
        }

        /** The edge's monitoring: the web ACL's alarms. */
        public static Props edge(Blueprint blueprint, String webAclName) {
            return new Props(blueprint, null, null, null, null, webAclName);
        }
    }

    private final Topic topic;
    private final Dashboard dashboard;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Map<Alarm, AlarmSpec.Kind> kinds = new LinkedHashMap<>();
    private final List<Alarm> healthAlarms = new ArrayList<>();
    private final List<String> alarmNames = new ArrayList<>();
    private final String placement;
    private final Props props;

    public Monitoring(Construct scope, String id, Props props) {
        super(scope, id);
        Blueprint b = props.blueprint();
        this.props = props;
        // The edge monitoring (web ACL only) lives in us-east-1 beside a regional stack: it takes the edge's name so
        // that the two topics and dashboards never share a name in one account.
        boolean edgeOnly = props.apiId() == null && props.webAclName() != null;
        PhysicalNames names = b.names();
        this.placement = edgeOnly ? PhysicalNames.EDGE : Regional.region(this);
        this.topic = Topic.Builder.create(this, "Resource")
                .topicName(names.alarmTopic(placement))
                .displayName("Switchboard alarms " + names.prefix() + "-" + placement)
                .enforceSsl(true)
                .build();
        if (b.environment().alarmEmail() != null) {
            topic.addSubscription(new EmailSubscription(b.environment().alarmEmail()));
        }
        List<IWidget> graphs = new ArrayList<>();
        for (AlarmSpec spec : b.alarms()) {
            switch (spec.kind()) {
                case API -> {
                    if (props.apiId() != null) {
                        Metric m = metric(spec, Map.of("ApiId", props.apiId(), "Stage", props.stage()));
                        add(names.alarm(placement, PhysicalNames.alarmSuffix(spec, null)), "Api" + Regional.idOf(spec.id()), spec, m, spec.threshold(),
                                graphs);
                    }
                }
                case FUNCTION -> {
                    for (Map.Entry<String, String> fn : props.functions().entrySet()) {
                        functionAlarm(spec, fn.getKey(), fn.getValue(), b.function(fn.getKey()).timeoutSeconds(),
                                graphs);
                    }
                }
                case TABLE -> {
                    if (props.tableName() != null) {
                        Map<String, IMetric> parts = new LinkedHashMap<>();
                        for (int i = 0; i < TABLE_OPERATIONS.size(); i++) {
                            parts.put("m" + i, metric(spec, Map.of("TableName", props.tableName(),
                                    "Operation", TABLE_OPERATIONS.get(i))));
                        }
                        MathExpression sum = MathExpression.Builder.create()
                                .expression(String.join(" + ", parts.keySet().stream().map(k -> "FILL(" + k + ", 0)").toList()))
                                .usingMetrics(parts)
                                .label(spec.metric() + " (all operations)")
                                .period(Duration.seconds(spec.periodSeconds()))
                                .build();
                        add(names.alarm(placement, PhysicalNames.alarmSuffix(spec, null)), "Table" + Regional.idOf(spec.id()), spec, sum,
                                spec.threshold(), graphs);
                    }
                }
                case WAF -> {
                    if (props.webAclName() != null) {
                        Metric m = metric(spec, Map.of("WebACL", props.webAclName(), "Rule", "ALL"));
                        add(names.alarm(placement, PhysicalNames.alarmSuffix(spec, null)), "Waf" + Regional.idOf(spec.id()), spec, m,
                                spec.threshold(), graphs);
                    }
                }
                default -> throw new IllegalStateException("unhandled alarm kind " + spec.kind());
            }
        }
        List<IAlarm> all = new ArrayList<>(alarms);
        List<List<IWidget>> rows = new ArrayList<>();
        rows.add(List.of(AlarmStatusWidget.Builder.create().title("Alarms").alarms(all).width(24).build()));
        for (int i = 0; i < graphs.size(); i += 4) {
            rows.add(graphs.subList(i, Math.min(graphs.size(), i + 4)));
        }
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(names.dashboard(placement))
                .widgets(rows)
                .build();
        allowCloudWatch("AllowCloudWatchAlarms", alarmNames);
    }

    private Alarm functionAlarm(AlarmSpec spec, String shortName, String functionName, int timeoutSeconds,
                                List<IWidget> graphs) {
        Metric m = metric(spec, Map.of("FunctionName", functionName));
        return add(props.blueprint().names().alarm(placement, PhysicalNames.alarmSuffix(spec, shortName)),
                "Fn" + Regional.idOf(shortName) + Regional.idOf(spec.id()), spec, m, spec.thresholdFor(timeoutSeconds),
                graphs);
    }

    /**
     * Adds the blueprint's function alarms and their graphs for a function outside the blueprint (a route added
     * with {@link Switchboard#addRoute}): alarm names {@code ...-fn-<shortName>-<alarm id>}, a dashboard row with
     * their status and graphs, and the topic policy statement that lets CloudWatch publish for them.
     *
     * @param shortName      the function's short name in alarm names
     * @param functionName   its deployed name (the metrics' FunctionName dimension)
     * @param timeoutSeconds its timeout (Duration alarms are a fraction of it)
     * @return the alarms
     */
    public List<Alarm> addFunction(String shortName, String functionName, int timeoutSeconds) {
        List<IWidget> graphs = new ArrayList<>();
        List<Alarm> added = new ArrayList<>();
        int named = alarmNames.size();
        for (AlarmSpec spec : props.blueprint().alarms()) {
            if (spec.kind() == AlarmSpec.Kind.FUNCTION) {
                added.add(functionAlarm(spec, shortName, functionName, timeoutSeconds, graphs));
            }
        }
        if (!added.isEmpty()) {
            List<IWidget> row = new ArrayList<>();
            row.add(AlarmStatusWidget.Builder.create().title("Alarms of " + shortName).alarms(List.copyOf(added))
                    .width(24).build());
            dashboard.addWidgets(row.toArray(IWidget[]::new));
            dashboard.addWidgets(graphs.toArray(IWidget[]::new));
            allowCloudWatch("AllowCloudWatch" + Regional.idOf(shortName) + "Alarms",
                    List.copyOf(alarmNames.subList(named, alarmNames.size())));
        }
        return added;
    }

    /**
     * Lets CloudWatch publish to this topic for alarms other constructs create with this topic as their action (the
     * fan-out's dead-letter alarm): without it those alarms fire and nobody hears of it.
     *
     * @param sid   a statement id unique in the topic policy
     * @param names the alarms' names
     */
    public void allowAlarms(String sid, List<String> names) {
        allowCloudWatch(sid, names);
    }

    /**
     * A topic policy replaces SNS's default policy, so the TLS-only Deny alone would leave CloudWatch unable to
     * publish: allow {@code cloudwatch.amazonaws.com} to publish, for this account's alarms of this construct only
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html, "Amazon SNS topic
     * access policy"; https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html).
     */
    private void allowCloudWatch(String sid, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        Stack s = Stack.of(this);
        String region = Regional.region(this);
        List<String> arns = names.stream().map(n -> "arn:" + s.getPartition() + ":cloudwatch:" + region + ":"
                + s.getAccount() + ":alarm:" + n).toList();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(sid)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", s.getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", arns)))
                .build());
    }

    private static Metric metric(AlarmSpec spec, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace(spec.kind().namespace())
                .metricName(spec.metric())
                .statistic(spec.statistic())
                .period(Duration.seconds(spec.periodSeconds()))
                .dimensionsMap(dimensions)
                .build();
    }

    private Alarm add(String name, String id, AlarmSpec spec, IMetric metric, double threshold, List<IWidget> graphs) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(spec.kind() + " " + spec.metric() + " " + spec.statistic() + " >= " + threshold
                        + " for " + spec.evaluationPeriods() + " x " + spec.periodSeconds() + " s (blueprint alarm '"
                        + spec.id() + "')")
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(spec.evaluationPeriods())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
        alarmNames.add(name);
        alarms.add(alarm);
        kinds.put(alarm, spec.kind());
        if (spec.gatesRegionHealth()) {
            healthAlarms.add(alarm);
        }
        graphs.add(GraphWidget.Builder.create().title(name).left(List.of(metric)).width(6).build());
        return alarm;
    }

    public Topic topic() {
        return topic;
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    /** The alarms of one kind, in blueprint order. */
    public List<Alarm> alarms(AlarmSpec.Kind kind) {
        return alarms.stream().filter(a -> kinds.get(a) == kind).toList();
    }

    /** The alarms that decide this region's health behind a custom domain ({@link AlarmSpec#gatesRegionHealth()}). */
    public List<Alarm> healthAlarms() {
        return List.copyOf(healthAlarms);
    }

    /** Every alarm, in blueprint order. */
    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}
