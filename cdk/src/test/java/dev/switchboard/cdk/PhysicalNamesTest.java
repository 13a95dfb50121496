package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * Explicit physical names must be unique per account and region across all stacks of an environment: the edge stack
 * and the us-east-1 regional stack share a region, and a second resource with a taken name fails at deploy time.
 */
class PhysicalNamesTest {
    private static final Map<String, String> NAMED = Map.of(
            "AWS::SNS::Topic", "TopicName",
            "AWS::CloudWatch::Dashboard", "DashboardName",
            "AWS::CloudWatch::Alarm", "AlarmName",
            "AWS::Lambda::Function", "FunctionName",
            "AWS::SSM::Parameter", "Name",
            "AWS::SecretsManager::Secret", "Name",
            "AWS::Logs::LogGroup", "LogGroupName");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    @SuppressWarnings("unchecked")
    void namedResources_neverShareANameInOneRegion(String env) {
        // GIVEN every stack of the environment
        List<String> names = new ArrayList<>();
        for (CloudFormationStackArtifact stack : Synthesized.of(env).assembly.getStacks()) {
            String region = stack.getEnvironment().getRegion();
            Map<String, Object> resources = (Map<String, Object>) ((Map<String, Object>) stack.getTemplate())
                    .get("Resources");
            // WHEN the literal physical names are collected per region and type
            for (Object r : resources.values()) {
                Map<String, Object> resource = (Map<String, Object>) r;
                String property = NAMED.get((String) resource.get("Type"));
                Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
                if (property != null && props != null && props.get(property) instanceof String name) {
                    names.add(region + " " + resource.get("Type") + " " + name);
                }
            }
        }
        // THEN none repeats, and the edge topic is among them (the check sees the edge stack)
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).contains("us-east-1 AWS::SNS::Topic switchboard-" + env + "-edge-alarms",
                "us-east-1 AWS::SNS::Topic switchboard-" + env + "-us-east-1-alarms");
    }
}
