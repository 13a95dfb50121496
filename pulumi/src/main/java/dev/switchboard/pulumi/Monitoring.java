package dev.switchboard.pulumi;

import com.pulumi.aws.cloudwatch.Dashboard;
import com.pulumi.aws.cloudwatch.DashboardArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.sns.Topic;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.PhysicalNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The region's monitoring (the CDK construct of the same name): an SNS alarm topic with the optional e-mail
 * subscription, the blueprint's API, FUNCTION and TABLE alarms (table alarms sum the metric over the operations the
 * handlers call; WAF alarms live with {@link EdgeProtection}, in us-east-1) and a dashboard with one graph per
 * alarmed metric. Alarm names are {@code <name>-<env>-<region>-<kind>-...}, as in the CDK stacks.
 */
public final class Monitoring extends ComponentResource {
    public static final String TYPE = "switchboard:index:Monitoring";

    private final Topic topic;
    private final Dashboard dashboard;
    private final List<MetricAlarm> alarms = new ArrayList<>();
    private final List<MetricAlarm> apiAlarms = new ArrayList<>();
    private final List<MetricAlarm> healthAlarms = new ArrayList<>();
    private final List<String> alarmNames = new ArrayList<>();

    /** One graph: the spec's metric, a title and one line per dimension set. */
    record Graph(AlarmSpec spec, String title, Output<List<Map<String, String>>> lines) {
        static Graph of(AlarmSpec spec, String title, Output<Map<String, String>> dimensions) {
            return new Graph(spec, title, dimensions.applyValue(List::of));
        }
    }

    Monitoring(String name, Blueprint blueprint, Placement placement, Resource parent, WebSocketEndpoint endpoint,
               Handlers handlers, String tableName) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        PhysicalNames names = blueprint.names();
        String region = placement.region();
        this.topic = Alarms.topic(placement, this, "alarms", names.alarmTopic(region),
                blueprint.environment().alarmEmail());
        String stageName = blueprint.environment().stageName();
        Output<Map<String, String>> apiDims = endpoint.api().id().applyValue(id -> dims("ApiId", id, "Stage", stageName));
        List<Graph> graphs = new ArrayList<>();
        for (AlarmSpec spec : blueprint.alarms()) {
            switch (spec.kind()) {
                case API -> {
                    String alarmName = names.alarm(region, PhysicalNames.alarmSuffix(spec, null));
                    alarmNames.add(alarmName);
                    MetricAlarm alarm = Alarms.create(placement, this, "api-" + spec.id(), alarmName, spec,
                            spec.threshold(), apiDims, topic.arn());
                    alarms.add(alarm);
                    apiAlarms.add(alarm);
                    if (spec.gatesRegionHealth()) {
                        healthAlarms.add(alarm);
                    }
                    graphs.add(Graph.of(spec, "API " + spec.metric(), apiDims));
                }
                case FUNCTION -> {
                    for (Handlers.Deployed d : handlers.all()) {
                        String fnName = blueprint.functionName(d.spec());
                        Output<Map<String, String>> dims = Output.of(Map.of("FunctionName", fnName));
                        String alarmName = names.alarm(region, PhysicalNames.alarmSuffix(spec, d.spec().name()));
                        alarmNames.add(alarmName);
                        alarms.add(Alarms.create(placement, this, "fn-" + d.spec().name() + "-" + spec.id(),
                                alarmName, spec,
                                spec.thresholdFor(d.spec()), dims, topic.arn()));
                        graphs.add(Graph.of(spec, d.spec().name() + " " + spec.metric(), dims));
                    }
                }
                case TABLE -> {
                    String alarmName = names.alarm(region, PhysicalNames.alarmSuffix(spec, null));
                    alarmNames.add(alarmName);
                    alarms.add(Alarms.tableSum(placement, this, "table-" + spec.id(), alarmName,
                            spec, tableName, topic.arn()));
                    List<Map<String, String>> perOperation = Alarms.TABLE_OPERATIONS.stream()
                            .map(op -> dims("TableName", tableName, "Operation", op)).toList();
                    graphs.add(new Graph(spec, "Table " + spec.metric() + " by operation", Output.of(perOperation)));
                }
                case WAF -> {
                    // in EdgeProtection (us-east-1)
                }
            }
        }
        // the fan-out's dead-letter alarm (FanoutQueue) notifies this topic too
        alarmNames.add(names.alarm(region, dev.switchboard.blueprint.FanoutSpec.DLQ_ALARM));
        Alarms.topicPolicy(placement, this, "alarms", topic, blueprint.environment().requireAccount(),
                alarmNames);
        this.dashboard = new Dashboard(placement.name("dashboard"), DashboardArgs.builder()
                .dashboardName(names.dashboard(region))
                .dashboardBody(dashboardBody(graphs, placement.region()))
                .build(), placement.under(this));
        registerOutputs(Map.of("dashboardName", dashboard.dashboardName(), "alarmTopicArn", topic.arn()));
    }

    private static Map<String, String> dims(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    static Output<String> dashboardBody(List<Graph> graphs, String region) {
        return Output.all(graphs.stream().map(Graph::lines).toList()).applyValue(lines -> {
            List<Object> widgets = new ArrayList<>();
            for (int i = 0; i < graphs.size(); i++) {
                Graph g = graphs.get(i);
                List<Object> metrics = new ArrayList<>();
                for (Map<String, String> dimensions : lines.get(i)) {
                    List<Object> metric = new ArrayList<>();
                    metric.add(g.spec().kind().namespace());
                    metric.add(g.spec().metric());
                    new java.util.TreeMap<>(dimensions).forEach((k, v) -> {
                        metric.add(k);
                        metric.add(v);
                    });
                    metric.add(Map.of("stat", g.spec().statistic()));
                    metrics.add(metric);
                }
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("title", g.title());
                props.put("region", region);
                props.put("view", "timeSeries");
                props.put("period", g.spec().periodSeconds());
                props.put("metrics", metrics);
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("type", "metric");
                w.put("x", (i % 3) * 8);
                w.put("y", (i / 3) * 6);
                w.put("width", 8);
                w.put("height", 6);
                w.put("properties", props);
                widgets.add(w);
            }
            return Json.write(Map.of("widgets", widgets));
        });
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

    /** The alarms on the region's API (they decide the region's health behind a custom domain). */
    /** The alarms that decide this region's health behind a custom domain ({@link AlarmSpec#gatesRegionHealth()}). */
    public List<MetricAlarm> healthAlarms() {
        return List.copyOf(healthAlarms);
    }

    public List<MetricAlarm> apiAlarms() {
        return List.copyOf(apiAlarms);
    }
}
