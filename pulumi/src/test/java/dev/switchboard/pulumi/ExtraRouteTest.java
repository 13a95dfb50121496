package dev.switchboard.pulumi;

import com.pulumi.asset.FileArchive;
import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.TableAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.switchboard.pulumi.DevStackTest.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A route whose handler lives in the user's own jar ({@link SwitchboardArgs#withRoute}) gets what a blueprint route
 * gets: its function through the live alias, the narrowest grants, a scoped permission, a route response when two-way
 * and the function alarms; only its code differs from the blueprint functions'.
 */
class ExtraRouteTest {
    static final String TYPING_JAR = "/opt/chat/typing-handlers.jar";
    static final String R = "us-east-1";
    static Blueprint blueprint;
    static ProgramRun run;

    @BeforeAll
    static void render() {
        // GIVEN dev plus a two-way, read-only route with the management API, its handler in the user's jar
        blueprint = ProgramRun.blueprint("dev", Map.of());
        ExtraRoute typing = ExtraRoute.of("typing", "com.example.chat.TypingHandler", new FileArchive(TYPING_JAR))
                .twoWay().withTableAccess(TableAccess.READ).withManagementApi();
        // WHEN it is defined
        run = ProgramRun.run((ctx, secrets) -> App.define(ctx, SwitchboardArgs.of(blueprint, secrets).withRoute(typing)));
    }

    static String code(String logicalName) {
        return (String) ((Map<?, ?>) Snapshots.normalise(run.declared(logicalName).serializedInputs())).get("code");
    }

    @Test
    void theRoutesFunctionRunsTheUsersJar_andEveryOtherFunctionTheHandlerJar() {
        assertThat(in(run.named(Types.FUNCTION, R + "-typing")))
                .containsEntry("handler", "com.example.chat.TypingHandler")
                .containsEntry("name", "switchboard-dev-typing");
        assertThat(code(R + "-typing")).isEqualTo("archive:" + TYPING_JAR);
        assertThat(run.ofType(Types.FUNCTION, f -> !f.name().equals(R + "-typing"))).hasSize(9)
                .allSatisfy(f -> assertThat(code(f.name())).isEqualTo("archive:" + SwitchboardArgs.DEFAULT_HANDLER_JAR));
    }

    @Test
    void theRoute_goesThroughTheAlias_withAScopedPermission_andARouteResponse() {
        AwsMocks.Registered route = run.ofType(Types.ROUTE, r -> "typing".equals(in(r).get("routeKey"))).get(0);
        assertThat(in(run.named(Types.INTEGRATION, R + "-integration-typing")).get("integrationUri"))
                .asString().endsWith(":function:switchboard-dev-typing:live/invocations");
        assertThat(in(route)).containsEntry("target", "integrations/" + R + "-integration-typing-id")
                .doesNotContainKey("authorizationType");
        assertThat(run.ofType(Types.ROUTE_RESPONSE)).anySatisfy(rr ->
                assertThat(in(rr)).containsEntry("routeId", route.name() + "-id"));
        assertThat(in(run.named(Types.PERMISSION, R + "-invoke-route-typing")))
                .containsEntry("function", "switchboard-dev-typing")
                .containsEntry("qualifier", Blueprint.LIVE_ALIAS)
                .containsEntry("sourceArn", "arn:aws:execute-api:" + R + ":" + ProgramRun.ACCOUNT + ":" + R
                        + "-api-id/dev/typing");
    }

    @Test
    void theRoutesRole_getsReadActionsOnTheTable_andTheManagementApi_only() {
        String table = "arn:aws:dynamodb:" + R + ":" + ProgramRun.ACCOUNT + ":table/switchboard-dev-connections";
        assertThat(DevStackTest.statements(run.named(Types.ROLE_POLICY, R + "-typing-policy")))
                .extracting(s -> s.get("Action"), s -> s.get("Resource"))
                .containsExactly(tuple(Handlers.LOG_ACTIONS, List.of("arn:aws:logs:" + R + ":" + ProgramRun.ACCOUNT
                                + ":log-group:/aws/lambda/switchboard-dev-typing:*")),
                        tuple(Handlers.TABLE_READ, List.of(table, table + "/index/byUser")));
        assertThat(DevStackTest.statements(run.named(Types.ROLE_POLICY, R + "-typing-manage-connections")))
                .extracting(s -> s.get("Action")).containsExactly(List.of(Handlers.MANAGE_CONNECTIONS));
    }

    @Test
    void theRoutesFunction_hasTheFunctionAlarms() {
        List<String> expected = blueprint.alarms().stream().filter(a -> a.kind() == AlarmSpec.Kind.FUNCTION)
                .map(a -> "switchboard-dev-" + R + "-fn-typing-" + a.id()).toList();
        assertThat(expected).isNotEmpty();
        assertThat(run.ofType(Types.ALARM)).extracting(a -> in(a).get("name")).containsAll(expected);
        assertThat(run.ofType(Types.ALARM, a -> expected.contains(in(a).get("name"))))
                .allSatisfy(a -> assertThat(in(a)).containsEntry("dimensions",
                        Map.of("FunctionName", "switchboard-dev-typing")));
    }

    @Test
    void aRouteWithoutAJar_orOneThatTakesABlueprintRoutesKey_isRefusedBeforeAnythingIsDeclared() {
        assertThatThrownBy(() -> ExtraRoute.of("typing", "com.example.chat.TypingHandler", null))
                .isInstanceOf(BlueprintException.class).hasMessageStartingWith("routes.typing.code: no handler jar");
        ExtraRoute ping = ExtraRoute.of("ping", "com.example.chat.PingHandler", new FileArchive(TYPING_JAR));
        SwitchboardArgs args = SwitchboardArgs.of(blueprint, new SwitchboardSecrets(
                com.pulumi.core.Output.of(ProgramRun.JWT_SECRET), com.pulumi.core.Output.of(ProgramRun.ORIGIN_SECRET)));
        assertThatThrownBy(() -> args.withRoute(ping)).isInstanceOf(BlueprintException.class)
                .hasMessageContaining("ping");
    }
}
