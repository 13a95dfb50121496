package dev.switchboard.cdk.guards;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.List;
import java.util.Map;

import static dev.switchboard.cdk.guards.TemplateView.props;

/**
 * The deploy guards of the sharded fan-out ({@code FanoutQueue}), over one stack's judged resources:
 * <ul>
 *   <li>{@link Guard#FANOUT_QUEUE_POLICY}: every queue has a queue policy that denies requests without TLS
 *   ({@code aws:SecureTransport = false}) and allows nobody else ({@code Principal "*"} with Allow);</li>
 *   <li>{@link Guard#FANOUT_EVENT_SOURCE_MAPPING}: the shard queue (the one with a redrive policy) feeds an event
 *   source mapping on the fan-out function's alias, with {@code ReportBatchItemFailures} (else a failed post retries
 *   the whole batch and re-delivers to everyone in it) and {@code MaximumConcurrency = Limits.fanoutConcurrency}
 *   (else the fan-out can outrun the account's {@code @connections} throttle);</li>
 *   <li>{@link Guard#FANOUT_DLQ_ALARM}: the dead-letter queue of the redrive policy has an alarm on
 *   {@code ApproximateNumberOfMessagesVisible} with an action (else undelivered shards go unnoticed).</li>
 * </ul>
 * Event source mappings: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html.
 */
final class FanoutGuards {
    private FanoutGuards() {
    }

    static void check(Declared declared, TemplateView view, List<Violation> out) {
        Blueprint blueprint = declared.blueprint();
        String stack = view.name();
        Map<String, Map<String, Object>> queues = view.ofType("AWS::SQS::Queue");
        if (queues.isEmpty()) {
            return;
        }
        Map<String, Map<String, Object>> policies = view.ofType("AWS::SQS::QueuePolicy");
        for (String q : queues.keySet()) {
            boolean denied = false;
            for (Map<String, Object> p : policies.values()) {
                String text = String.valueOf(props(p).get("Queues"));
                if (!text.contains(q)) {
                    continue;
                }
                String doc = String.valueOf(props(p).get("PolicyDocument"));
                denied = denied || (doc.contains("Deny") && doc.contains("aws:SecureTransport"));
                if (doc.matches("(?s).*Effect=Allow, Principal=\\{AWS=\\*\\}.*|(?s).*Effect=Allow, Principal=\\*.*")) {
                    out.add(new Violation(Guard.FANOUT_QUEUE_POLICY, stack, q, "the queue policy allows everyone"));
                }
            }
            if (!denied) {
                out.add(new Violation(Guard.FANOUT_QUEUE_POLICY, stack, q, "no queue policy denies requests without"
                        + " TLS (aws:SecureTransport false); use Queue enforceSsl(true)"));
            }
        }
        String dlq = null;
        String shardQueue = null;
        for (Map.Entry<String, Map<String, Object>> e : queues.entrySet()) {
            Object redrive = props(e.getValue()).get("RedrivePolicy");
            if (redrive != null) {
                shardQueue = e.getKey();
                for (String other : queues.keySet()) {
                    if (String.valueOf(redrive).contains(other)) {
                        dlq = other;
                    }
                }
            }
        }
        if (shardQueue == null || dlq == null) {
            out.add(new Violation(Guard.FANOUT_DLQ_ALARM, stack, null, "no queue redrives to a dead-letter queue"));
            return;
        }
        boolean mapped = false;
        for (Map.Entry<String, Map<String, Object>> e : view.ofType("AWS::Lambda::EventSourceMapping").entrySet()) {
            Map<String, Object> p = props(e.getValue());
            if (!String.valueOf(p.get("EventSourceArn")).contains(shardQueue)) {
                continue;
            }
            mapped = true;
            String fn = String.valueOf(p.get("FunctionName"));
            if (!fn.contains("Live") && !fn.contains(":" + Blueprint.LIVE_ALIAS)) {
                out.add(new Violation(Guard.FANOUT_EVENT_SOURCE_MAPPING, stack, e.getKey(),
                        "the mapping invokes " + fn + ", not the fan-out function's alias"));
            }
            if (!String.valueOf(p.get("FunctionResponseTypes")).contains("ReportBatchItemFailures")) {
                out.add(new Violation(Guard.FANOUT_EVENT_SOURCE_MAPPING, stack, e.getKey(),
                        "FunctionResponseTypes lacks ReportBatchItemFailures"));
            }
            Object scaling = p.get("ScalingConfig");
            String want = "MaximumConcurrency=" + blueprint.limits().fanoutConcurrency();
            if (scaling == null || !String.valueOf(scaling).replace(" ", "").contains(want)) {
                out.add(new Violation(Guard.FANOUT_EVENT_SOURCE_MAPPING, stack, e.getKey(),
                        "ScalingConfig is " + scaling + ", expected " + want + " (Limits.fanoutConcurrency)"));
            }
        }
        if (!mapped) {
            out.add(new Violation(Guard.FANOUT_EVENT_SOURCE_MAPPING, stack, shardQueue,
                    "no event source mapping consumes the shard queue"));
        }
        boolean alarmed = false;
        for (Map<String, Object> a : view.ofType("AWS::CloudWatch::Alarm").values()) {
            Map<String, Object> p = props(a);
            if ("ApproximateNumberOfMessagesVisible".equals(p.get("MetricName"))
                    && String.valueOf(p.get("Dimensions")).contains(dlq)
                    && p.get("AlarmActions") instanceof List<?> l && !l.isEmpty()) {
                alarmed = true;
            }
        }
        if (!alarmed) {
            out.add(new Violation(Guard.FANOUT_DLQ_ALARM, stack, dlq, "no alarm with an action watches the"
                    + " dead-letter queue's ApproximateNumberOfMessagesVisible"));
        }
    }
}
