package dev.switchboard.pulumi;

import com.example.chat.ChatInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The library example of docs/library.md is this repository's com.example.chat.ChatInfra, and it works. */
class LibraryExampleTest {
    static final Path ROOT = Path.of(System.getProperty("switchboard.root", ".."));
    static ProgramRun run;

    @BeforeAll
    static void render() {
        // GIVEN a user's program with two systems in one account and region (one without the edge), each with a route
        // from its own jar, Switchboard's handlers from their jar, and a resource of the user's
        // WHEN it runs with its secret config
        run = ProgramRun.run(Map.of(), (ctx, ignored) -> {
            ChatInfra.stack(ctx);
            return null;
        });
    }

    @Test
    void theDocumentShowsTheTestedProgram() throws IOException {
        String source = Files.readString(ROOT.resolve("pulumi/src/test/java/com/example/chat/ChatInfra.java"));
        String doc = Files.readString(ROOT.resolve("docs/library.md"));
        assertThat(doc).contains("```java\n" + source + "```");
    }

    @Test
    void theUsersRouteAndHandlerJarsAreDeployed_inTheUsersRegionAndAccount_underTheUsersSystemName() {
        assertThat(run.ofType(Types.ROUTE)).extracting(r -> r.inputs().get("routeKey")).contains("typing");
        assertThat(run.named(Types.FUNCTION, "chat-eu-west-1-typing").inputs())
                .containsEntry("handler", "com.example.chat.TypingHandler")
                .containsEntry("name", "chat-dev-typing");
        assertThat(run.ofType(Types.FUNCTION)).hasSize(20).allSatisfy(f -> assertThat(Snapshots.normalise(
                run.declared(f.name()).serializedInputs()).toString()).contains(f.name().endsWith("-typing")
                ? "code=archive:build/chat-handlers.jar" : f.name().endsWith("-move")
                ? "code=archive:build/game-handlers.jar" : "code=archive:build/switchboard-lambdas.jar"));
        // one provider per system and region, and the edge's (chat's only)
        assertThat(run.ofType(Types.PROVIDER)).extracting(p -> p.name() + " " + p.inputs().get("region"))
                .containsExactlyInAnyOrder("chat-aws-eu-west-1 eu-west-1", "chat-aws-edge us-east-1",
                        "game-aws-eu-west-1 eu-west-1");
        assertThat(run.ofType(Types.TABLE)).hasSize(2).allSatisfy(t -> assertThat(run.regionOf(t)).isEqualTo("eu-west-1"));
        assertThat(run.ofType(Types.WEB_ACL)).singleElement().satisfies(a -> assertThat(run.regionOf(a)).isEqualTo("us-east-1"));
    }

    @Test
    void aReadOnlyRoute_getsReadGrantsOnly_plusTheManagementApi() {
        String table = "arn:aws:dynamodb:eu-west-1:123456789012:table/chat-dev-connections";
        assertThat(DevStackTest.statements(run.named(Types.ROLE_POLICY, "chat-eu-west-1-typing-policy")))
                .extracting(s -> s.get("Action"), s -> s.get("Resource"))
                .contains(org.assertj.core.api.Assertions.tuple(List.of("dynamodb:BatchGetItem",
                        "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query"),
                        List.of(table, table + "/index/byUser")));
        assertThat(DevStackTest.statements(run.named(Types.ROLE_POLICY, "chat-eu-west-1-typing-manage-connections")))
                .extracting(s -> s.get("Action")).containsExactly(List.of("execute-api:ManageConnections"));
    }

    @Test
    void theUsersOwnResourceSharesSwitchboardsRegionalProviderAndTopic() {
        assertThat(run.named(Types.SUBSCRIPTION, "chat-alarms-to-pager")).satisfies(s -> {
            assertThat(run.regionOf(s)).isEqualTo("eu-west-1");
            assertThat(s.inputs()).containsEntry("topic", "arn:aws:sns:eu-west-1:123456789012:chat-dev-eu-west-1-alarms");
        });
        assertThat(run.outputs).containsEntry("chatUrl", "wss://chat-eu-west-1-distribution-id.cloudfront.net");
    }

    @Test
    void theTwoSystems_passTheGuards_withNoPhysicalNameTwice_andGameHasNoEdge() {
        assertThat(GraphGuards.check(run)).isEmpty();
        assertThat(GraphGuards.physicalNames(run)).hasSizeGreaterThan(60).doesNotHaveDuplicates();
        assertThat(run.ofType(Types.DISTRIBUTION)).hasSize(1);
        assertThat(run.ofType(Types.WEB_ACL)).singleElement()
                .satisfies(a -> assertThat(a.inputs()).containsEntry("name", "chat-dev-edge"));
        assertThat(run.outputs).containsEntry("gameUrl",
                "wss://game-eu-west-1-api-id.execute-api.eu-west-1.amazonaws.com/dev");
        assertThat(run.named(Types.FUNCTION, "game-eu-west-1-move").inputs())
                .containsEntry("handler", "com.example.game.MoveHandler").containsEntry("name", "game-dev-move");
    }
}
