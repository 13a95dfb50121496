package dev.switchboard.cdk;

import dev.switchboard.cdk.guards.DeployGuards;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.StackInfo;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * The sharded fan-out in the synthesized prod templates (the shard queue, its dead-letter queue and alarm, the event
 * source mapping, the grants), and its deploy guards: the real templates pass, the same templates with the fault put
 * back fail exactly that guard. Event source mapping parameters:
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html.
 */
class FanoutQueueTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRIMARY = "switchboard-prod-us-east-1";
    private final Synthesized prod = Synthesized.of("prod");
    private final Blueprint bp = prod.deployment.blueprint();

    private Map<String, StackInfo> copy() {
        Map<String, StackInfo> out = new LinkedHashMap<>();
        for (Stack s : prod.deployment.stacks()) {
            Map<String, Object> template = JSON.convertValue(prod.templates.get(s.getStackName()),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            out.put(s.getStackName(), new StackInfo(s.getRegion(), template,
                    new HashSet<>(s.getDependencies().stream().map(Stack::getStackName).collect(Collectors.toSet()))));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Map<String, StackInfo> s) {
        return (Map<String, Map<String, Object>>) s.get(PRIMARY).template().get("Resources");
    }

    private static Map<String, Map<String, Object>> ofType(Map<String, StackInfo> s, String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources(s).forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, r);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> r) {
        return (Map<String, Object>) r.get("Properties");
    }

    private List<Violation> withFault(Consumer<Map<String, StackInfo>> fault) {
        Map<String, StackInfo> stacks = copy();
        fault.accept(stacks);
        return DeployGuards.check(bp, stacks);
    }

    private static void assertOnly(List<Violation> v, Guard guard) {
        assertThat(v).isNotEmpty().allSatisfy(x -> assertThat(x.guard()).isEqualTo(guard));
    }

    @Test
    void everyRegion_hasTheEncryptedShardQueue_itsRedrive_andTheMappingOnTheAlias() {
        Map<String, StackInfo> s = copy();
        Map<String, Map<String, Object>> queues = ofType(s, "AWS::SQS::Queue");
        assertThat(queues).hasSize(2);
        assertThat(queues.values()).allSatisfy(q -> assertThat(props(q).get("SqsManagedSseEnabled")).isEqualTo(true));
        Map<String, Object> shard = queues.values().stream().filter(q -> props(q).containsKey("RedrivePolicy"))
                .findFirst().orElseThrow();
        assertThat(props(shard).get("QueueName")).isEqualTo("switchboard-prod-fanout");
        assertThat(props(shard).get("VisibilityTimeout")).isEqualTo(120);
        assertThat(String.valueOf(props(shard).get("RedrivePolicy"))).contains("maxReceiveCount=5");
        Map<String, Object> esm = props(ofType(s, "AWS::Lambda::EventSourceMapping").values().iterator().next());
        assertThat(esm.get("BatchSize")).isEqualTo(1);
        assertThat(esm.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
        assertThat(esm.get("ScalingConfig")).isEqualTo(Map.of("MaximumConcurrency", bp.limits().fanoutConcurrency()));
        assertThat(String.valueOf(esm.get("FunctionName"))).contains("FanoutHandlerLive");
    }

    @Test
    void grants_sendMaySendOnly_theFanOutFunctionMayConsume() {
        Map<String, StackInfo> s = copy();
        String policies = String.valueOf(ofType(s, "AWS::IAM::Policy"));
        Map<String, Map<String, Object>> byRole = new LinkedHashMap<>();
        ofType(s, "AWS::IAM::Policy").forEach((id, p) -> byRole.put(String.valueOf(props(p).get("Roles")), p));
        String send = byRole.entrySet().stream().filter(e -> e.getKey().contains("SendHandlerRole"))
                .map(e -> String.valueOf(e.getValue())).collect(Collectors.joining());
        String fanout = byRole.entrySet().stream().filter(e -> e.getKey().contains("FanoutHandlerRole"))
                .map(e -> String.valueOf(e.getValue())).collect(Collectors.joining());
        assertThat(send).contains("sqs:SendMessage").doesNotContain("sqs:ReceiveMessage").doesNotContain("sqs:Delete");
        assertThat(fanout).contains("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                "execute-api:ManageConnections").doesNotContain("sqs:SendMessage");
        assertThat(policies).isNotEmpty();
    }

    @Test
    void queueWithoutItsTlsPolicy_isCaught() {
        List<Violation> v = withFault(s -> resources(s).values().removeIf(r -> "AWS::SQS::QueuePolicy".equals(
                r.get("Type"))));
        assertOnly(v, Guard.FANOUT_QUEUE_POLICY);
    }

    @Test
    void mappingWithoutBatchItemFailuresOrItsConcurrency_isCaught() {
        List<Violation> v = withFault(s -> ofType(s, "AWS::Lambda::EventSourceMapping").values().forEach(r -> {
            props(r).remove("FunctionResponseTypes");
            props(r).remove("ScalingConfig");
        }));
        assertOnly(v, Guard.FANOUT_EVENT_SOURCE_MAPPING);
        assertThat(v).hasSize(2); // the primary region's mapping, both faults
    }

    @Test
    void deadLetterQueueWithoutAlarm_isCaught() {
        List<Violation> v = withFault(s -> resources(s).values().removeIf(r -> "AWS::CloudWatch::Alarm".equals(
                r.get("Type")) && "ApproximateNumberOfMessagesVisible".equals(props(r).get("MetricName"))));
        assertOnly(v, Guard.FANOUT_DLQ_ALARM);
    }
}
