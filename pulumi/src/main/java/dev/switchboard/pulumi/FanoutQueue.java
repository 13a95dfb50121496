package dev.switchboard.pulumi;

import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.EventSourceMapping;
import com.pulumi.aws.lambda.EventSourceMappingArgs;
import com.pulumi.aws.lambda.inputs.EventSourceMappingScalingConfigArgs;
import com.pulumi.aws.sqs.Queue;
import com.pulumi.aws.sqs.QueueArgs;
import com.pulumi.aws.sqs.QueuePolicy;
import com.pulumi.aws.sqs.QueuePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FanoutSpec;
import java.util.List;
import java.util.Map;

/**
 * The sharded fan-out of one region (the CDK construct of the same name; {@link FanoutSpec}, docs/fanout.md): the
 * shard queue and its dead-letter queue (SQS-managed encryption, a queue policy that refuses requests without TLS,
 * redrive after {@code maxReceiveCount} receives), an alarm on the dead-letter queue to the region's alarm topic, the
 * event source mapping on the fan-out function's {@value Blueprint#LIVE_ALIAS} alias
 * ({@code maximumConcurrency = fanoutConcurrency}, {@code ReportBatchItemFailures}), and the grants: {@code send} may
 * send to the queue, the fan-out function may consume it. The functions get the queue's URL from {@link Handlers}
 * ({@link FanoutSpec#environment}).
 */
public final class FanoutQueue extends ComponentResource {
    public static final String TYPE = "switchboard:index:FanoutQueue";
    /** What {@code send} may do with the queue (as CDK's {@code grantSendMessages}). */
    static final List<String> SEND = List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl");
    /** What the event source mapping needs of the fan-out function's role (as CDK's {@code SqsEventSource}). */
    static final List<String> CONSUME = List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility",
            "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes");

    private final Queue queue;
    private final Queue deadLetters;
    private final MetricAlarm deadLetterAlarm;
    private final EventSourceMapping mapping;

    FanoutQueue(String name, Blueprint blueprint, Placement placement, Resource parent, Handlers handlers,
                Output<String> topicArn) {
        super(TYPE, name, ComponentResourceOptions.builder().parent(parent).build());
        FanoutSpec spec = blueprint.fanout();
        String region = placement.region();
        String account = blueprint.environment().requireAccount();
        String queueName = blueprint.fanoutQueueName();
        String dlqName = blueprint.names().fanoutDeadLetterQueue();
        String queueArn = FanoutSpec.queueArn(region, account, queueName);
        String dlqArn = FanoutSpec.queueArn(region, account, dlqName);

        this.deadLetters = new Queue(placement.name("fanout-dlq"), QueueArgs.builder()
                .name(dlqName)
                .sqsManagedSseEnabled(true)
                .messageRetentionSeconds(spec.dlqRetentionSeconds())
                .build(), placement.under(this));
        this.queue = new Queue(placement.name("fanout-queue"), QueueArgs.builder()
                .name(queueName)
                .sqsManagedSseEnabled(true)
                .visibilityTimeoutSeconds(spec.visibilityTimeoutSeconds())
                .messageRetentionSeconds(spec.retentionSeconds())
                .redrivePolicy(Json.write(Map.of("deadLetterTargetArn", dlqArn,
                        "maxReceiveCount", spec.maxReceiveCount())))
                .build(), placement.under(this, List.of(deadLetters)));
        tlsOnly(placement, "fanout-queue-policy", queue, FanoutSpec.queueUrl(region, account, queueName), queueArn);
        tlsOnly(placement, "fanout-dlq-policy", deadLetters, FanoutSpec.queueUrl(region, account, dlqName), dlqArn);

        Handlers.Deployed producer = handlers.function(FanoutSpec.PRODUCER);
        new RolePolicy(placement.name("fanout-send"), RolePolicyArgs.builder().role(producer.role().name())
                .policy(new PolicyDocument().allow(SEND, List.of(Output.of(queueArn))).toJson())
                .build(), placement.under(this, List.of(queue)));
        Handlers.Deployed consumer = handlers.function(spec.function().name());
        RolePolicy consume = new RolePolicy(placement.name("fanout-consume"), RolePolicyArgs.builder()
                .role(consumer.role().name())
                .policy(new PolicyDocument().allow(CONSUME, List.of(Output.of(queueArn))).toJson())
                .build(), placement.under(this, List.of(queue)));
        this.mapping = new EventSourceMapping(placement.name("fanout-mapping"), EventSourceMappingArgs.builder()
                .eventSourceArn(queueArn)
                .functionName(consumer.alias().arn())
                .batchSize(spec.batchSize())
                .functionResponseTypes(List.of("ReportBatchItemFailures"))
                .scalingConfig(EventSourceMappingScalingConfigArgs.builder()
                        .maximumConcurrency(spec.maximumConcurrency()).build())
                .build(), placement.under(this, List.of(queue, consume)));
        this.deadLetterAlarm = new MetricAlarm(placement.name("fanout-dlq-alarm"), MetricAlarmArgs.builder()
                .name(blueprint.names().alarm(region, FanoutSpec.DLQ_ALARM))
                .alarmDescription("fan-out shards in the dead-letter queue: recipients of a large room were not reached"
                        + " after " + spec.maxReceiveCount() + " attempts (docs/fanout.md)")
                .namespace("AWS/SQS")
                .metricName("ApproximateNumberOfMessagesVisible")
                .dimensions(Map.of("QueueName", dlqName))
                .statistic("Maximum")
                .period(60)
                .evaluationPeriods(1)
                .threshold(1.0)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .treatMissingData("notBreaching")
                .alarmActions(topicArn.applyValue(List::of))
                .okActions(topicArn.applyValue(List::of))
                .build(), placement.under(this, List.of(deadLetters)));
        registerOutputs(Map.of("queueUrl", Output.of(FanoutSpec.queueUrl(region, account, queueName))));
    }

    /** A queue policy that denies every request not sent over TLS. */
    private void tlsOnly(Placement placement, String suffix, Queue q, String url, String arn) {
        String policy = Json.write(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Sid", "DenyWithoutTls", "Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "sqs:*",
                "Resource", arn, "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))));
        new QueuePolicy(placement.name(suffix), QueuePolicyArgs.builder().queueUrl(url).policy(policy).build(),
                placement.under(this, List.of(q)));
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    public MetricAlarm deadLetterAlarm() {
        return deadLetterAlarm;
    }

    public EventSourceMapping mapping() {
        return mapping;
    }
}
