package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.FanoutSpec;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The sharded fan-out of one region ({@link FanoutSpec}, docs/fanout.md): the shard queue and its dead-letter queue
 * (SQS-managed encryption, a queue policy that refuses requests without TLS, redrive after
 * {@code maxReceiveCount} receives), an alarm on the dead-letter queue to the region's alarm topic, and the event
 * source mapping that invokes the fan-out function's {@value Blueprint#LIVE_ALIAS} alias with
 * {@code maximumConcurrency = fanoutConcurrency} and {@code ReportBatchItemFailures}. Grants: {@code send} may only
 * send messages to the queue; the fan-out function may only consume it (the mapping's grant: receive, delete,
 * change visibility, queue attributes); its table and {@code ManageConnections} grants come with the other functions'
 * ({@link Blueprint#deployedFunctions()}).
 */
public final class FanoutQueue extends Construct {
    /** The route function that puts shards on the queue. */
    public static final String PRODUCER = "send";

    private final Queue queue;
    private final Queue deadLetters;
    private final Alarm deadLetterAlarm;
    private final String deadLetterAlarmName;

    /**
     * @param blueprint  the fan-out spec, names and limits
     * @param handlers   the functions: {@value #PRODUCER} sends, the fan-out function consumes
     * @param alarmTopic the topic the dead-letter alarm notifies
     */
    public record Props(Blueprint blueprint, Handlers handlers, ITopic alarmTopic) {
    }

    public FanoutQueue(Construct scope, String id, Props props) {
        super(scope, id);
        Blueprint blueprint = props.blueprint();
        Handlers handlers = props.handlers();
        ITopic alarms = props.alarmTopic();
        FanoutSpec spec = blueprint.fanout();
        String region = Regional.region(this);
        this.deadLetters = Queue.Builder.create(this, "DeadLetters")
                .queueName(blueprint.names().fanoutDeadLetterQueue())
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.seconds(spec.dlqRetentionSeconds()))
                .build();
        this.queue = Queue.Builder.create(this, "Queue")
                .queueName(blueprint.names().fanoutQueue())
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(spec.visibilityTimeoutSeconds()))
                .retentionPeriod(Duration.seconds(spec.retentionSeconds()))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(spec.maxReceiveCount())
                        .build())
                .build();
        queue.grantSendMessages(handlers.role(PRODUCER));
        handlers.alias(spec.function().name()).addEventSource(new SqsEventSource(queue, SqsEventSourceProps.builder()
                .batchSize(spec.batchSize())
                .maxConcurrency(spec.maximumConcurrency())
                .reportBatchItemFailures(true)
                .build()));
        handlers.function(PRODUCER).addEnvironment(EnvVars.FANOUT_QUEUE_URL, queue.getQueueUrl());
        handlers.function(spec.function().name()).addEnvironment(EnvVars.FANOUT_QUEUE_URL, queue.getQueueUrl());
        handlers.function(spec.function().name()).addEnvironment("FANOUT_VISIBILITY_TIMEOUT_SECONDS",
                Integer.toString(spec.visibilityTimeoutSeconds()));
        handlers.function(spec.function().name()).addEnvironment("FANOUT_RETRY_BASE_SECONDS",
                Integer.toString(spec.retryBaseSeconds()));
        handlers.function(spec.function().name()).addEnvironment("FANOUT_POSTS_PER_SECOND",
                Integer.toString(spec.postsPerSecond()));

        this.deadLetterAlarmName = blueprint.names().alarm(region, FanoutSpec.DLQ_ALARM);
        this.deadLetterAlarm = Alarm.Builder.create(this, "DeadLetterAlarm")
                .alarmName(deadLetterAlarmName)
                .alarmDescription("fan-out shards in the dead-letter queue: recipients of a large room were not reached"
                        + " after " + spec.maxReceiveCount() + " attempts (docs/fanout.md)")
                .metric(Metric.Builder.create().namespace("AWS/SQS").metricName("ApproximateNumberOfMessagesVisible")
                        .dimensionsMap(Map.of("QueueName", deadLetters.getQueueName())).statistic("Maximum")
                        .period(Duration.minutes(1)).build())
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        deadLetterAlarm.addAlarmAction(new SnsAction(alarms));
        deadLetterAlarm.addOkAction(new SnsAction(alarms));
    }

    public Queue queue() {
        return queue;
    }

    public Queue deadLetters() {
        return deadLetters;
    }

    /** The dead-letter alarm's name (the alarm topic's policy names it). */
    public String deadLetterAlarmName() {
        return deadLetterAlarmName;
    }

    public Alarm deadLetterAlarm() {
        return deadLetterAlarm;
    }
}
