package dev.switchboard.pulumi;

import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryMetricArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicPolicy;
import com.pulumi.aws.sns.TopicPolicyArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.AlarmSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an {@link AlarmSpec} into a CloudWatch alarm on one resource. */
final class Alarms {
    /**
     * The table operations the handlers call. DynamoDB publishes ThrottledRequests and SystemErrors per operation
     * only, so table alarms sum these (the CDK Monitoring construct sums the same list).
     */
    static final List<String> TABLE_OPERATIONS = List.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query",
            "BatchWriteItem", "BatchGetItem");

    private Alarms() {
    }

    /** An alarm topic, with an e-mail subscription when {@code email} is set; see {@link #topicPolicy}. */
    static Topic topic(Placement placement, Resource parent, String logicalSuffix, String topicName, String email) {
        Topic topic = new Topic(placement.name(logicalSuffix), TopicArgs.builder()
                .name(topicName)
                .displayName("Switchboard alarms " + topicName)
                .build(), placement.under(parent));
        if (email != null) {
            new TopicSubscription(placement.name(logicalSuffix + "-email"), TopicSubscriptionArgs.builder()
                    .topic(topic.arn()).protocol("email").endpoint(email).build(), placement.under(parent));
        }
        return topic;
    }

    /**
     * The alarm topic's policy: publishing only over TLS, and CloudWatch allowed to publish for exactly
     * {@code alarmNames} of this account and region. A topic policy replaces SNS's default policy, so without the
     * Allow no alarm would notify
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html, "Amazon SNS topic
     * access policy").
     */
    static TopicPolicy topicPolicy(Placement placement, Resource parent, String logicalSuffix, Topic topic,
                                   String account, List<String> alarmNames) {
        List<String> alarmArns = alarmNames.stream().map(n -> "arn:aws:cloudwatch:" + placement.region() + ":"
                + account + ":alarm:" + n).toList();
        return new TopicPolicy(placement.name(logicalSuffix + "-policy"), TopicPolicyArgs.builder()
                .arn(topic.arn())
                .policy(topic.arn().applyValue(arn -> {
                    List<Object> statements = new ArrayList<>();
                    statements.add(Map.of("Sid", "AllowPublishThroughSSLOnly", "Effect", "Deny", "Principal", "*",
                            "Action", "sns:Publish", "Resource", arn,
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
                    if (!alarmArns.isEmpty()) {
                        statements.add(Map.of("Sid", "AllowCloudWatchAlarms", "Effect", "Allow",
                                "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                                "Action", "sns:Publish", "Resource", arn,
                                "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", account),
                                        "ArnLike", Map.of("aws:SourceArn", alarmArns))));
                    }
                    return Json.write(Map.of("Version", "2012-10-17", "Statement", statements));
                }))
                .build(), placement.under(parent));
    }

    /** An alarm on the sum of {@code spec}'s metric over {@link #TABLE_OPERATIONS} of one table. */
    static MetricAlarm tableSum(Placement placement, Resource parent, String logicalSuffix, String alarmName,
                                AlarmSpec spec, String tableName, Output<String> topicArn) {
        List<MetricAlarmMetricQueryArgs> queries = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < TABLE_OPERATIONS.size(); i++) {
            Map<String, String> dims = new LinkedHashMap<>();
            dims.put("Operation", TABLE_OPERATIONS.get(i));
            dims.put("TableName", tableName);
            queries.add(MetricAlarmMetricQueryArgs.builder()
                    .id("m" + i)
                    .returnData(false)
                    .metric(MetricAlarmMetricQueryMetricArgs.builder()
                            .namespace(spec.kind().namespace())
                            .metricName(spec.metric())
                            .dimensions(dims)
                            .period(spec.periodSeconds())
                            .stat(spec.statistic())
                            .build())
                    .build());
            terms.add("FILL(m" + i + ", 0)");
        }
        queries.add(0, MetricAlarmMetricQueryArgs.builder()
                .id("total")
                .expression(String.join(" + ", terms))
                .label(spec.metric() + " (all operations)")
                .returnData(true)
                .build());
        return new MetricAlarm(placement.name(logicalSuffix), MetricAlarmArgs.builder()
                .name(alarmName)
                .alarmDescription(description(spec, spec.threshold()))
                .metricQueries(queries)
                .evaluationPeriods(spec.evaluationPeriods())
                .threshold(spec.threshold())
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .treatMissingData("notBreaching")
                .alarmActions(topicArn.applyValue(List::of))
                .okActions(topicArn.applyValue(List::of))
                .build(), placement.under(parent));
    }

    private static String description(AlarmSpec spec, double threshold) {
        return spec.kind() + " " + spec.metric() + " " + spec.statistic() + " >= " + threshold + " for "
                + spec.evaluationPeriods() + " x " + spec.periodSeconds() + " s (blueprint alarm '" + spec.id() + "')";
    }

    static MetricAlarm create(Placement placement, Resource parent, String logicalSuffix, String alarmName,
                              AlarmSpec spec, double threshold, Output<Map<String, String>> dimensions,
                              Output<String> topicArn) {
        MetricAlarmArgs.Builder b = MetricAlarmArgs.builder()
                .name(alarmName)
                .alarmDescription(description(spec, threshold))
                .namespace(spec.kind().namespace())
                .metricName(spec.metric())
                .dimensions(dimensions)
                .period(spec.periodSeconds())
                .evaluationPeriods(spec.evaluationPeriods())
                .threshold(threshold)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .treatMissingData("notBreaching")
                .alarmActions(topicArn.applyValue(List::of))
                .okActions(topicArn.applyValue(List::of));
        if (spec.statistic().startsWith("p")) {
            b.extendedStatistic(spec.statistic());
        } else {
            b.statistic(spec.statistic());
        }
        return new MetricAlarm(placement.name(logicalSuffix), b.build(), placement.under(parent));
    }
}
