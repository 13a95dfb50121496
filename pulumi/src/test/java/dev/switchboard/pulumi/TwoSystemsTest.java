package dev.switchboard.pulumi;

import com.pulumi.asset.FileArchive;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.PhysicalNames;
import dev.switchboard.blueprint.TableAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.pulumi.DevStackTest.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two systems in one program, one account and one region: {@code chat} with the edge and {@code games} without it,
 * each with a route whose handler is in its own jar. The guards find nothing, no physical name appears twice, and
 * the system without the edge is reached at its execute-api URL with the authorizer and stage throttling kept.
 */
class TwoSystemsTest {
    static final String R = "us-east-1";
    static Blueprint chat;
    static Blueprint games;
    static ProgramRun run;

    @BeforeAll
    static void render() {
        // GIVEN two systems of one dev environment in one account and region, games without the edge
        Environment env = Environments.resolve("dev", Map.of("account", ProgramRun.ACCOUNT, "regions", List.of(R)));
        chat = Blueprint.reference("chat", env);
        games = Blueprint.reference("games", env.withEdge(false));
        // WHEN one program defines both, each with an extra route from its own jar
        run = ProgramRun.run((ctx, secrets) -> {
            SwitchboardEnvironment c = new SwitchboardEnvironment("chat", SwitchboardArgs.of(chat, secrets)
                    .withRoute(ExtraRoute.of("typing", "com.example.chat.TypingHandler",
                            new FileArchive("build/chat-handlers.jar")).withTableAccess(TableAccess.READ)), null);
            SwitchboardEnvironment g = new SwitchboardEnvironment("games", SwitchboardArgs.of(games,
                            new SwitchboardSecrets(secrets.jwtSecret(), null))
                    .withRoute(ExtraRoute.of("move", "com.example.games.MoveHandler",
                            new FileArchive("build/games-handlers.jar")).twoWay()
                            .withTableAccess(TableAccess.READ_WRITE).withManagementApi()), null);
            ctx.export("chatUrls", c.websocketUrls());
            ctx.export("gamesUrls", g.websocketUrls());
            return null;
        });
    }

    @Test
    void theGuardsReportNothing_andNoPhysicalNameAppearsTwice() {
        assertThat(GraphGuards.check(run)).isEmpty();
        List<String> names = GraphGuards.physicalNames(run);
        assertThat(names).hasSizeGreaterThan(60).doesNotHaveDuplicates();
        // every physical name belongs to one system: its name starts with the system's prefix
        assertThat(names).allSatisfy(n -> assertThat(n).containsAnyOf(" chat-dev", "/chat-dev-", " chat/dev/",
                " games-dev", "/games-dev-", " games/dev/"));
    }

    @Test
    void eachSystemsNames_areItsPhysicalNames_andTheTwoSetsAreDisjoint() {
        Set<String> deployed = new HashSet<>();
        run.resources.forEach(r -> {
            String input = GraphGuards.PHYSICAL_NAME.get(r.type());
            if (input != null) {
                deployed.add(String.valueOf(r.inputs().get(input)));
            }
        });
        Blueprint chatSystem = chat.withCustomRoute(new dev.switchboard.blueprint.CustomRoute("typing",
                "com.example.chat.TypingHandler", false, TableAccess.READ, false));
        Blueprint gamesSystem = games.withCustomRoute(new dev.switchboard.blueprint.CustomRoute("move",
                "com.example.games.MoveHandler", true, TableAccess.READ_WRITE, true));
        List<String> chatNames = new ArrayList<>(PhysicalNames.all(chatSystem).values());
        List<String> gamesNames = new ArrayList<>(PhysicalNames.all(gamesSystem).values());
        assertThat(chatNames).doesNotContainAnyElementsOf(gamesNames);
        // the program deploys the names the blueprint gives (stacks and the SSM parameter are the CDK app's; dev has no
        // access logs)
        List<String> expected = new ArrayList<>(chatNames);
        expected.addAll(gamesNames);
        expected.removeIf(n -> n.equals(chatSystem.names().stack(R)) || n.equals(chatSystem.names()
                .stack(PhysicalNames.EDGE)) || n.equals(gamesSystem.names().stack(R))
                || n.equals(chatSystem.names().webAclParameter()) || n.endsWith("-access"));
        assertThat(deployed).containsAll(expected);
    }

    @Test
    void withoutTheEdge_clientsUseTheExecuteApiUrl_theAuthorizerAndThrottlingStay_andNoOriginHeaderIsRequired() {
        String gamesApi = run.ofType(Types.API, a -> "games-dev".equals(in(a).get("name"))).get(0).name() + "-id";
        assertThat((Map<String, String>) run.outputs.get("gamesUrls"))
                .containsExactly(Map.entry(R, "wss://" + gamesApi + ".execute-api." + R + ".amazonaws.com/dev"));
        assertThat(run.ofType(Types.AUTHORIZER, a -> gamesApi.equals(in(a).get("apiId")))).singleElement()
                .satisfies(a -> assertThat(in(a).get("identitySources")).as("no identity source: the token may come"
                        + " in the query string or in Sec-WebSocket-Protocol").isNull());
        assertThat(run.ofType(Types.ROUTE, r -> gamesApi.equals(in(r).get("apiId"))
                && "$connect".equals(in(r).get("routeKey")))).singleElement()
                .satisfies(r -> assertThat(in(r)).containsEntry("authorizationType", "CUSTOM"));
        assertThat(run.ofType(Types.STAGE, s -> gamesApi.equals(in(s).get("apiId")))).singleElement()
                .satisfies(s -> assertThat(ProgramRun.<Object>at(in(s), "defaultRouteSettings", "throttlingRateLimit"))
                        .isEqualTo((double) games.limits().stageRateLimit()));
        // no origin secret, no origin variables, and the authorizer reads the JWT key only
        assertThat(run.ofType(Types.SECRET)).extracting(s -> in(s).get("name"))
                .containsExactlyInAnyOrder("chat/dev/jwt-signing", "chat/dev/origin-header-value",
                        "games/dev/jwt-signing");
        assertThat(in(run.named(Types.FUNCTION, "games-" + R + "-authorizer")).toString())
                .doesNotContain("ORIGIN_HEADER_NAME", "ORIGIN_SECRET_ARN");
        assertThat(DevStackTest.statements(run.named(Types.ROLE_POLICY, "games-" + R + "-authorizer-policy")))
                .filteredOn(s -> s.get("Action").equals(List.of(Handlers.GET_SECRET)))
                .extracting(s -> s.get("Resource")).containsExactly(List.of("arn:aws:secretsmanager:" + R + ":"
                        + ProgramRun.ACCOUNT + ":secret:games/dev/jwt-signing-AbCdEf"));
    }

    @Test
    void withTheEdge_theOtherSystemKeepsCloudFrontAndWaf_andOnlyIt() {
        assertThat(run.ofType(Types.DISTRIBUTION)).hasSize(1);
        assertThat(run.ofType(Types.WEB_ACL)).singleElement()
                .satisfies(a -> assertThat(in(a)).containsEntry("name", "chat-dev-edge"));
        assertThat((Map<String, String>) run.outputs.get("chatUrls"))
                .containsExactly(Map.entry(R, "wss://chat-" + R + "-distribution-id.cloudfront.net"));
        String chatApi = run.ofType(Types.API, a -> "chat-dev".equals(in(a).get("name"))).get(0).name() + "-id";
        assertThat(run.ofType(Types.AUTHORIZER, a -> chatApi.equals(in(a).get("apiId")))).singleElement()
                .satisfies(a -> assertThat((List<String>) in(a).get("identitySources"))
                        .contains(GraphGuards.ORIGIN_IDENTITY_SOURCE));
    }

    @Test
    void eachExtraRoute_runsItsOwnSystemsJar() {
        assertThat(code("chat-" + R + "-typing")).isEqualTo("archive:build/chat-handlers.jar");
        assertThat(code("games-" + R + "-move")).isEqualTo("archive:build/games-handlers.jar");
        assertThat(in(run.named(Types.FUNCTION, "games-" + R + "-move"))).containsEntry("name", "games-dev-move");
        assertThat(run.ofType(Types.ROLE_POLICY)).extracting(AwsMocks.Registered::name)
                .contains("games-" + R + "-move-manage-connections")
                .doesNotContain("chat-" + R + "-typing-manage-connections");
    }

    @Test
    void withoutTheEdge_aRegionOtherThanUsEast1_needsNoUsEast1Provider() {
        Blueprint euOnly = ProgramRun.blueprint("dev", Map.of("regions", List.of("eu-west-1"), "edge", false));
        ProgramRun eu = ProgramRun.run((ctx, secrets) -> App.define(ctx,
                SwitchboardArgs.of(euOnly, new SwitchboardSecrets(secrets.jwtSecret(), null))));
        assertThat(eu.ofType(Types.PROVIDER)).extracting(p -> p.inputs().get("region")).containsExactly("eu-west-1");
        assertThat(eu.outputs).containsKey("websocketUrls").doesNotContainKey("webAclArn");
        assertThat(GraphGuards.check(eu)).isEmpty();
    }

    @Test
    void aSystemWithTheEdge_withoutAnOriginSecret_isRefusedNamingTheFieldAndTheFix() {
        SwitchboardSecrets jwtOnly = new SwitchboardSecrets(com.pulumi.core.Output.of(ProgramRun.JWT_SECRET), null);
        assertThatThrownBy(() -> SwitchboardArgs.of(chat, jwtOnly))
                .isInstanceOf(dev.switchboard.blueprint.BlueprintException.class)
                .hasMessageStartingWith("secrets.originSecret: the edge is on")
                .hasMessageContaining("or turn the edge off");
        assertThat(SwitchboardArgs.of(games, jwtOnly).secrets().originSecret()).isNull();
    }

    static String code(String logicalName) {
        return (String) ((Map<?, ?>) Snapshots.normalise(run.declared(logicalName).serializedInputs())).get("code");
    }
}
