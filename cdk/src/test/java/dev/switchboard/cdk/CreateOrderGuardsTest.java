package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cdk.guards.DeployGuards;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.StackInfo;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import dev.switchboard.cdk.guards.TemplateView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * The guards of what a first create, its rollback and its custom resources depend on (RollbackGuards, ProviderGuards
 * and DnsHealthGuards in {@code dev.switchboard.cdk.guards}): prod's and qa's templates pass them (DeployGuardsTest), and the same
 * templates with each fault of round 3 put back fail exactly its guard.
 */
@SuppressWarnings("unchecked")
class CreateOrderGuardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRIMARY = "switchboard-prod-us-east-1";
    private static final String REPLICA = "switchboard-prod-eu-west-1";
    private static final String PROVIDER = "AWS679f53fac002430cb0da5b7982bd22872D164C4C";

    private static List<Violation> withFault(String env, Consumer<Map<String, StackInfo>> fault) {
        Synthesized synth = Synthesized.of(env);
        Map<String, StackInfo> stacks = new LinkedHashMap<>();
        for (Stack s : synth.deployment.stacks()) {
            Map<String, Object> template = JSON.convertValue(synth.templates.get(s.getStackName()),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            stacks.put(s.getStackName(), new StackInfo(s.getRegion(), template, new HashSet<>(s.getDependencies()
                    .stream().map(Stack::getStackName).collect(Collectors.toSet()))));
        }
        fault.accept(stacks);
        return DeployGuards.check(synth.deployment.blueprint(), stacks);
    }

    private static Map<String, Map<String, Object>> resources(Map<String, StackInfo> s, String stack) {
        return (Map<String, Map<String, Object>>) s.get(stack).template().get("Resources");
    }

    private static Map<String, Map<String, Object>> ofType(Map<String, StackInfo> s, String stack, String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources(s, stack).forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, r);
            }
        });
        return out;
    }

    private static void assertOnly(List<Violation> v, Guard guard, String resource) {
        assertThat(v).isNotEmpty().allSatisfy(x -> assertThat(x.guard()).as(x.toString()).isEqualTo(guard))
                .anySatisfy(x -> assertThat(x.resource()).isEqualTo(resource));
    }

    @Test
    void theGlobalTableCreatedWithDeletionProtection_isCaught() {
        // GIVEN prod's global table with protection on every replica in the template (as before round 3)
        List<String> tables = new ArrayList<>();
        List<Violation> v = withFault("prod", s -> ofType(s, PRIMARY, "AWS::DynamoDB::GlobalTable").forEach((id, t) -> {
            tables.add(id);
            ((List<Map<String, Object>>) Cfn.props(t).get("Replicas")).forEach(r -> r.put("DeletionProtectionEnabled",
                    true));
        }));
        // THEN the rollback guard names the table
        assertThat(tables).hasSize(1);
        assertThat(v).singleElement().satisfies(x -> assertThat(x.toString()).isEqualTo(
                "ROLLBACK_BLOCKED_BY_DELETION_PROTECTION in " + PRIMARY + "/" + tables.get(0) + ": created with deletion"
                        + " protection and DeletionPolicy RetainExceptOnCreate: a failed first create cannot delete it"
                        + " (ROLLBACK_FAILED); turn protection on after the stack exists (TableProtection)"));
    }

    @Test
    void protectionTurnedOnBeforeTheRestOfTheStack_orNeverTurnedOff_isCaught() {
        // GIVEN a resource created after the protection calls (nothing orders them after it)
        List<Violation> late = withFault("prod", s -> resources(s, PRIMARY).put("Late", Map.of("Type",
                "AWS::SNS::Topic", "Properties", Map.of())));
        assertThat(late).isNotEmpty().allSatisfy(x -> assertThat(x.toString()).startsWith(
                "ROLLBACK_BLOCKED_BY_DELETION_PROTECTION in " + PRIMARY + "/SwitchboardConnectionTableProtection")
                .contains("1 resources can still be created after it (Late)"));
        assertThat(late).hasSize(3);
        // AND calls that leave protection on when the rollback deletes them
        List<Violation> noDelete = withFault("prod", s -> resources(s, PRIMARY).values().stream()
                .filter(r -> String.valueOf(Cfn.props(r).get("Create")).contains("UpdateTable"))
                .forEach(r -> Cfn.props(r).remove("Delete")));
        assertThat(noDelete).hasSize(3).allSatisfy(x -> assertThat(x.toString()).contains("not off when deleted"));
    }

    @Test
    void theProviderLogGroupNamedAfterTheFunction_andWithout_LoggingConfig_isCaught() {
        // GIVEN the provider's log group as CDK's managed one was: named after the function, Retain, no LoggingConfig
        List<Violation> v = withFault("prod", s -> {
            Map<String, Object> fn = resources(s, REPLICA).get(PROVIDER);
            Cfn.props(fn).remove("LoggingConfig");
            resources(s, REPLICA).put("ProviderLogs", new LinkedHashMap<>(Map.of("Type", "AWS::Logs::LogGroup",
                    "DeletionPolicy", "Retain", "Properties", Map.of("LogGroupName", Map.of("Fn::Join", List.of("",
                            List.of("/aws/lambda/", Map.of("Ref", PROVIDER)))), "RetentionInDays", 731))));
        });
        assertThat(v).extracting(x -> x.guard() + " " + x.resource())
                .containsExactlyInAnyOrder(Guard.LAMBDA_LOG_GROUP_RACE + " " + PROVIDER,
                        Guard.LAMBDA_LOG_GROUP_RACE + " ProviderLogs");
    }

    @Test
    void aProviderLogGroupThatOutlivesTheStack_isCaught() {
        List<Violation> v = withFault("prod", s -> {
            Map<String, Object> config = (Map<String, Object>) Cfn.props(resources(s, PRIMARY).get(PROVIDER))
                    .get("LoggingConfig");
            String group = TemplateView.refsIn(config).iterator().next();
            resources(s, PRIMARY).get(group).put("DeletionPolicy", "Retain");
        });
        assertThat(v).isNotEmpty().allSatisfy(x -> assertThat(x.guard()).isEqualTo(Guard.PROVIDER_LOG_GROUP_LEAKS));
    }

    @Test
    void aPermissionAttachedBesideTheProviderRole_orMissingFromIt_isCaught() {
        // GIVEN the lookup's permission in a policy of its own attached to the provider role (CDK's default)
        List<Violation> attached = withFault("prod", s -> {
            Object role = Cfn.props(resources(s, REPLICA).get(PROVIDER)).get("Role");
            String roleId = TemplateView.refsIn(role).iterator().next();
            resources(s, REPLICA).put("LookupPolicy", Map.of("Type", "AWS::IAM::Policy", "Properties", Map.of(
                    "PolicyName", "lookup", "Roles", List.of(Map.of("Ref", roleId)), "PolicyDocument", Map.of(
                            "Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                                    "Action", "ssm:GetParameter", "Resource", "*"))))));
        });
        assertOnly(attached, Guard.CUSTOM_RESOURCE_PERMISSION_RACE, "LookupPolicy");
        // AND the role without the SSM statement
        List<Violation> missing = withFault("prod", s -> {
            Object role = Cfn.props(resources(s, REPLICA).get(PROVIDER)).get("Role");
            Map<String, Object> r = resources(s, REPLICA).get(TemplateView.refsIn(role).iterator().next());
            List<Map<String, Object>> policies = (List<Map<String, Object>>) Cfn.props(r).get("Policies");
            policies.forEach(p -> ((List<Map<String, Object>>) ((Map<String, Object>) p.get("PolicyDocument"))
                    .get("Statement")).removeIf(st -> String.valueOf(st.get("Action")).contains("ssm:GetParameter")));
        });
        assertThat(missing).singleElement().satisfies(x -> assertThat(x.toString()).startsWith(
                "CUSTOM_RESOURCE_PERMISSION_RACE in " + REPLICA + "/SwitchboardWebAclArn").contains("ssm:GetParameter"));
    }

    @Test
    void aRegionsDnsHealthOnTheClientErrorAlarm_isCaught() {
        // GIVEN qa (custom domain): one alarm health check pointed at the client-error-surge alarm (as before round 3)
        String stack = "switchboard-qa-eu-west-1";
        List<String> faulty = new ArrayList<>();
        List<Violation> v = withFault("qa", s -> {
            String surge = ofType(s, stack, "AWS::CloudWatch::Alarm").entrySet().stream()
                    .filter(e -> "ClientError".equals(Cfn.props(e.getValue()).get("MetricName"))).findFirst()
                    .orElseThrow().getKey();
            ofType(s, stack, "AWS::Route53::HealthCheck").entrySet().stream()
                    .filter(e -> Cfn.props(e.getValue()).toString().contains("AlarmIdentifier")).findFirst()
                    .ifPresent(e -> {
                        faulty.add(e.getKey());
                        Map<String, Object> config = (Map<String, Object>) Cfn.props(e.getValue())
                                .get("HealthCheckConfig");
                        ((Map<String, Object>) config.get("AlarmIdentifier")).put("Name", Map.of("Ref", surge));
                    });
        });
        assertThat(faulty).hasSize(1);
        assertOnly(v, Guard.DNS_HEALTH_CLIENT_DRIVEN, faulty.get(0));
    }
}
