package dev.switchboard.pulumi;

import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.AlarmSpec;

import java.util.List;
import java.util.Map;

/** Turns an {@link AlarmSpec} into a CloudWatch alarm on one resource. */
final class Alarms {
    private Alarms() {
    }

    static MetricAlarm create(Placement placement, Resource parent, String logicalSuffix, String alarmName,
                              AlarmSpec spec, double threshold, Output<Map<String, String>> dimensions,
                              Output<String> topicArn) {
        MetricAlarmArgs.Builder b = MetricAlarmArgs.builder()
                .name(alarmName)
                .alarmDescription(spec.kind() + " " + spec.metric() + " " + spec.statistic() + " >= " + threshold)
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
