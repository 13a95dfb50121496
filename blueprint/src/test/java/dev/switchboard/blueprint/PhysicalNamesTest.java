package dev.switchboard.blueprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Physical names come from one function, carry the system name, and are checked against each service's rules
 * (the limits are cited on {@link PhysicalNames.Rule}).
 */
class PhysicalNamesTest {
    private static final Environment DEV = Environments.resolve("dev", Map.of("account", "123456789012"));

    @Test
    void systemSwitchboard_keepsTheNamesDeployedStacksAlreadyHave() {
        // GIVEN the reference system under its default name
        PhysicalNames n = Blueprint.reference(DEV).names();
        // THEN the names are those of the deployed stacks (a change would replace those resources)
        assertThat(n.function("connect")).isEqualTo("switchboard-dev-connect");
        assertThat(n.functionLogGroup("connect")).isEqualTo("/aws/lambda/switchboard-dev-connect");
        assertThat(n.table(ConnectionSchema.table())).isEqualTo("switchboard-dev-connections");
        assertThat(n.jwtSecret()).isEqualTo("switchboard/dev/jwt-signing");
        assertThat(n.originSecret()).isEqualTo("switchboard/dev/origin-header-value");
        assertThat(n.webAcl()).isEqualTo("switchboard-dev-edge");
        assertThat(n.webAclParameter()).isEqualTo("/switchboard/dev/edge/web-acl-arn");
        assertThat(n.fanoutQueue()).isEqualTo("switchboard-dev-fanout");
        assertThat(n.fanoutDeadLetterQueue()).isEqualTo("switchboard-dev-fanout-dlq");
        assertThat(n.alarm("us-east-1", "fn-send-errors")).isEqualTo("switchboard-dev-us-east-1-fn-send-errors");
        assertThat(n.alarmTopic(PhysicalNames.EDGE)).isEqualTo("switchboard-dev-edge-alarms");
        assertThat(n.dashboard("us-east-1")).isEqualTo("switchboard-dev-us-east-1");
        assertThat(n.accessLogGroup()).isEqualTo("/aws/apigateway/switchboard-dev-access");
        assertThat(n.stack("us-east-1")).isEqualTo("switchboard-dev-us-east-1");
    }

    @Test
    void twoSystemsInOneEnvironment_shareNoName() {
        // GIVEN two systems in the same account, region and environment
        Map<String, String> chat = PhysicalNames.all(Blueprint.reference("chat", DEV));
        Map<String, String> game = PhysicalNames.all(Blueprint.reference("game", DEV));
        // THEN they provision the same kinds of resources under different names
        assertThat(chat.keySet()).isEqualTo(game.keySet()).contains("function connect", "web acl parameter",
                "alarm us-east-1 fn-connect-errors", "alarm edge waf-blocked-requests");
        Set<String> shared = new HashSet<>(chat.values());
        shared.retainAll(game.values());
        assertThat(shared).isEmpty();
        // and within one system no two resources of a kind share a name (labels start with the kind)
        Map<String, List<String>> byKind = chat.entrySet().stream().collect(java.util.stream.Collectors.groupingBy(
                e -> e.getKey().split(" ")[0], java.util.stream.Collectors.mapping(Map.Entry::getValue,
                        java.util.stream.Collectors.toList())));
        byKind.values().forEach(names -> assertThat(names).doesNotHaveDuplicates());
    }

    @Test
    void withoutTheEdge_noEdgeNameIsProvisioned() {
        Map<String, String> names = PhysicalNames.all(Blueprint.reference(DEV.withEdge(false)));
        assertThat(names.keySet()).doesNotContain("web acl", "web acl parameter", "secret origin", "topic edge")
                .contains("secret jwt", "topic us-east-1");
    }

    @Test
    void aSystemName_isLowerCaseLettersDigitsAndHyphens_ofAtMost20() {
        for (String bad : List.of("Chat", "chat_room", "9chat", "chat-", "-chat", "abcdefghijklmnopqrstu", "")) {
            assertThatThrownBy(() -> Blueprint.reference(bad, DEV)).as(bad).isInstanceOf(BlueprintException.class)
                    .hasMessageStartingWith("name: ").hasMessageContaining("Fix: ");
        }
        assertThat(Blueprint.reference("abcdefghijklmnopqrst", DEV).name()).hasSize(20);
        assertThat(Blueprint.reference("a", DEV).names().function("connect")).isEqualTo("a-dev-connect");
    }

    @Test
    void aFunctionNameOver64_failsAtTheBlueprint_namingTheFunction() {
        // GIVEN the longest system and environment names and a 31-character route function
        Environment env = Environments.resolve("abcdefghijklmnop", Map.of("account", "123456789012",
                "regions", List.of("us-east-1")));
        String fn = "a".repeat(31);
        // WHEN the route is added, THEN the 20 + 1 + 16 + 1 + 31 = 69-character Lambda name is refused
        assertThatThrownBy(() -> Blueprint.reference("abcdefghijklmnopqrst", env)
                .withCustomRoute(new CustomRoute(fn, "com.example.LongHandler", false, TableAccess.NONE, false)))
                .isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("functions." + fn + ".name: the Lambda function name")
                .hasMessageContaining("has 69 characters; the service allows 64")
                .hasMessageContaining("Fix: shorten the system name 'abcdefghijklmnopqrst'");
        // and a shorter system name makes it fit
        assertThat(Blueprint.reference("chat", env).withCustomRoute(new CustomRoute(fn, "com.example.LongHandler",
                false, TableAccess.NONE, false)).functionName(FunctionSpec.of(fn, "x.Y"))).hasSize(53);
    }

    @Test
    void anSsmParameterName_cannotStartWithAwsOrSsm() {
        // PutParameter: "A parameter name can't be prefixed with aws or ssm (case-insensitive)"
        assertThatThrownBy(() -> Blueprint.reference("aws-chat", DEV)).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("name: the SSM parameter name '/aws-chat/dev/edge/web-acl-arn'");
        assertThatThrownBy(() -> Blueprint.reference("ssmchat", DEV)).isInstanceOf(BlueprintException.class)
                .hasMessageContaining("SSM parameter name");
        // without the edge there is no parameter, so the name is allowed
        assertThat(Blueprint.reference("aws-chat", DEV.withEdge(false)).name()).isEqualTo("aws-chat");
    }

    @Test
    void eachRule_refusesTooLongAndForeignCharacters() {
        assertThat(PhysicalNames.Rule.SQS_QUEUE.accepts("q".repeat(80))).isTrue();
        assertThat(PhysicalNames.Rule.SQS_QUEUE.accepts("q".repeat(81))).isFalse();
        assertThat(PhysicalNames.Rule.DYNAMODB_TABLE.accepts("ab")).isFalse();
        assertThat(PhysicalNames.Rule.CLOUDWATCH_DASHBOARD.accepts("a/b")).isFalse();
        assertThat(PhysicalNames.Rule.WAF_WEB_ACL.accepts("w".repeat(129))).isFalse();
        assertThat(PhysicalNames.Rule.LOG_GROUP.accepts("/aws/lambda/x")).isTrue();
        assertThat(PhysicalNames.Rule.IAM_ROLE.accepts("r".repeat(65))).isFalse();
    }
}
