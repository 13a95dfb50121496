package dev.switchboard.pulumi;

import com.google.gson.Gson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guard: every topic an alarm notifies lets CloudWatch publish. A topic policy replaces SNS's default policy, so a
 * policy with only the TLS Deny leaves every alarm silent; an encrypted topic also needs a customer managed key whose
 * policy lets CloudWatch use it, which the AWS managed {@code alias/aws/sns} key cannot
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html, "Amazon SNS topic access
 * policy"; https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 */
class AlarmNotificationsTest {
    private static final Gson GSON = new Gson();
    static ProgramRun prod;

    @BeforeAll
    static void render() {
        prod = ProgramRun.shared(ProgramRun.blueprint("prod", Map.of("alarmEmail", ProdStackTest.EMAIL)));
    }

    /** Why each alarm of {@code resources} cannot notify its topics (empty: all can). */
    @SuppressWarnings("unchecked")
    static List<String> violations(List<AwsMocks.Registered> resources, String account) {
        Map<String, List<Map<String, Object>>> statements = new HashMap<>();
        for (AwsMocks.Registered r : resources) {
            if (r.type().equals(Types.TOPIC_POLICY)) {
                Map<String, Object> doc = GSON.fromJson((String) r.inputs().get("policy"), Map.class);
                statements.computeIfAbsent((String) r.inputs().get("arn"), k -> new ArrayList<>())
                        .addAll((List<Map<String, Object>>) doc.get("Statement"));
            }
        }
        List<String> out = new ArrayList<>();
        for (AwsMocks.Registered alarm : resources) {
            if (!alarm.type().equals(Types.ALARM)) {
                continue;
            }
            String name = (String) alarm.inputs().get("name");
            for (String topicArn : (List<String>) alarm.inputs().getOrDefault("alarmActions", List.of())) {
                String region = topicArn.split(":")[3];
                String alarmArn = "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + name;
                boolean allowed = statements.getOrDefault(topicArn, List.of()).stream().anyMatch(st ->
                        "Allow".equals(st.get("Effect"))
                                && String.valueOf(st.get("Principal")).contains("cloudwatch.amazonaws.com")
                                && String.valueOf(st.get("Action")).contains("sns:Publish")
                                && String.valueOf((Object) ProgramRun.at(st, "Condition", "StringEquals", "aws:SourceAccount"))
                                .equals(account)
                                && String.valueOf((Object) ProgramRun.at(st, "Condition", "ArnLike", "aws:SourceArn"))
                                .contains(alarmArn));
                if (!allowed) {
                    out.add(name + ": topic " + topicArn + " does not let CloudWatch publish for " + alarmArn);
                }
                resources.stream().filter(t -> t.type().equals(Types.TOPIC)
                                && topicArn.endsWith(":" + t.inputs().get("name")) && t.inputs().get("kmsMasterKeyId") != null)
                        .forEach(t -> out.add(name + ": topic " + topicArn + " is encrypted with "
                                + t.inputs().get("kmsMasterKeyId") + "; only a customer managed key whose policy lets"
                                + " CloudWatch use it works (alias/aws/sns cannot)"));
            }
        }
        return out;
    }

    @Test
    void everyAlarmOfEveryRegionAndTheEdge_canNotifyItsTopic() {
        List<AwsMocks.Registered> alarms = prod.ofType(Types.ALARM);
        assertThat(alarms).hasSizeGreaterThan(20);
        assertThat(alarms.stream().map(prod::regionOf).distinct()).contains("us-east-1", "eu-west-1",
                "ap-northeast-1");
        assertThat(violations(prod.resources, ProgramRun.ACCOUNT)).isEmpty();
    }

    @Test
    void aTopicPolicyWithOnlyTheTlsDeny_orAnAwsManagedKey_isCaught() {
        // GIVEN the rendered graph with the round-2 fault put back: the topic policies hold only the Deny
        List<AwsMocks.Registered> denyOnly = new ArrayList<>();
        for (AwsMocks.Registered r : prod.resources) {
            if (r.type().equals(Types.TOPIC_POLICY)) {
                Map<String, Object> in = new HashMap<>(r.inputs());
                Map<String, Object> doc = GSON.fromJson((String) in.get("policy"), Map.class);
                ((List<?>) doc.get("Statement")).removeIf(st -> "Allow".equals(((Map<?, ?>) st).get("Effect")));
                in.put("policy", GSON.toJson(doc));
                denyOnly.add(new AwsMocks.Registered(r.type(), r.name(), in, r.provider()));
            } else {
                denyOnly.add(r);
            }
        }
        // THEN every alarm is reported
        assertThat(violations(denyOnly, ProgramRun.ACCOUNT)).hasSize(prod.ofType(Types.ALARM).size())
                .allSatisfy(v -> assertThat(v).contains("does not let CloudWatch publish"));

        // GIVEN a topic encrypted with the AWS managed SNS key THEN its alarms are reported
        List<AwsMocks.Registered> managedKey = new ArrayList<>();
        for (AwsMocks.Registered r : prod.resources) {
            if (r.type().equals(Types.TOPIC)) {
                Map<String, Object> in = new HashMap<>(r.inputs());
                in.put("kmsMasterKeyId", "alias/aws/sns");
                managedKey.add(new AwsMocks.Registered(r.type(), r.name(), in, r.provider()));
            } else {
                managedKey.add(r);
            }
        }
        assertThat(violations(managedKey, ProgramRun.ACCOUNT)).isNotEmpty()
                .allSatisfy(v -> assertThat(v).contains("alias/aws/sns"));
    }
}
