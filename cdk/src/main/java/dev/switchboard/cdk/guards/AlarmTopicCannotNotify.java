package dev.switchboard.cdk.guards;

import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.cdk.guards.TemplateView.props;
import static dev.switchboard.cdk.guards.TemplateView.refsIn;
import static dev.switchboard.cdk.guards.TemplateView.render;

/** {@link Guard#ALARM_TOPIC_CANNOT_NOTIFY}. */
final class AlarmTopicCannotNotify {
    private AlarmTopicCannotNotify() {
    }

    static void check(Declared declared, TemplateView s, List<Violation> out) {
        alarmTopics(s, out);
    }

    /**
     * Every topic an alarm notifies lets {@code cloudwatch.amazonaws.com} publish for that alarm (aws:SourceAccount and
     * aws:SourceArn), and an encrypted one uses a customer managed key whose policy lets CloudWatch use it: the AWS
     * managed {@code alias/aws/sns} key cannot be granted to CloudWatch
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html;
     * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
     */
    @SuppressWarnings("unchecked")
    private static void alarmTopics(TemplateView s, List<Violation> out) {
        Map<String, Map<String, Object>> topics = s.ofType("AWS::SNS::Topic");
        if (topics.isEmpty()) {
            return;
        }
        Map<String, List<Map<String, Object>>> statementsByTopic = new HashMap<>();
        s.ofType("AWS::SNS::TopicPolicy").values().forEach(p -> {
            Object doc = props(p).get("PolicyDocument");
            List<Map<String, Object>> st = doc instanceof Map<?, ?> d && d.get("Statement") instanceof List<?> l
                    ? (List<Map<String, Object>>) l : List.of();
            for (String t : refsIn(props(p).get("Topics"))) {
                statementsByTopic.computeIfAbsent(t, k -> new ArrayList<>()).addAll(st);
            }
        });
        s.ofType("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            String name = render(props(alarm).get("AlarmName"));
            // each topic once, however many of the alarm's states notify it
            java.util.Set<String> notified = new java.util.LinkedHashSet<>();
            for (String key : List.of("AlarmActions", "OKActions", "InsufficientDataActions")) {
                notified.addAll(new java.util.TreeSet<>(refsIn(props(alarm).get(key))));
            }
            for (String topic : notified) {
                if (!topics.containsKey(topic)) {
                    continue;
                }
                boolean allowed = statementsByTopic.getOrDefault(topic, List.of()).stream().anyMatch(st ->
                        "Allow".equals(st.get("Effect"))
                                && render(st.get("Principal")).contains("cloudwatch.amazonaws.com")
                                && render(st.get("Action")).contains("sns:Publish")
                                && render(st.get("Condition")).contains("aws:SourceAccount")
                                && render(st.get("Condition")).contains(":alarm:" + name));
                if (!allowed) {
                    out.add(new Violation(Guard.ALARM_TOPIC_CANNOT_NOTIFY, s.name(), id, "alarm " + name
                            + " notifies topic " + topic + ", whose policy does not let cloudwatch.amazonaws.com"
                            + " publish for it (aws:SourceAccount, aws:SourceArn)"));
                }
                topicKey(s, topic, topics.get(topic), out);
            }
        });
    }

    private static void topicKey(TemplateView s, String topic, Map<String, Object> resource, List<Violation> out) {
        Object key = props(resource).get("KmsMasterKeyId");
        if (key == null) {
            return;
        }
        String text = render(key);
        Set<String> keys = refsIn(key);
        String keyId = keys.stream().filter(k -> "AWS::KMS::Key".equals(s.typeOf(k))).findFirst().orElse(null);
        if (keyId == null) {
            out.add(new Violation(Guard.ALARM_TOPIC_CANNOT_NOTIFY, s.name(), topic, "alarm topic encrypted with "
                    + text + (text.contains("alias/aws/") ? ", an AWS managed key CloudWatch cannot be granted"
                    : ", a key outside this stack whose policy cannot be checked") + "; use a customer managed key"
                    + " whose policy lets cloudwatch.amazonaws.com call kms:Decrypt and kms:GenerateDataKey*"));
            return;
        }
        String policy = render(props(s.resources().get(keyId)).get("KeyPolicy"));
        boolean ok = policy.contains("cloudwatch.amazonaws.com") && policy.contains("kms:Decrypt")
                && policy.contains("kms:GenerateDataKey");
        if (!ok) {
            out.add(new Violation(Guard.ALARM_TOPIC_CANNOT_NOTIFY, s.name(), topic, "alarm topic key " + keyId
                    + " does not let cloudwatch.amazonaws.com call kms:Decrypt and kms:GenerateDataKey*"));
        }
    }
}
