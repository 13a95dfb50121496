package dev.switchboard.pulumi;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.FunctionSpec;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.switchboard.pulumi.ProgramRun.ACCOUNT;
import static dev.switchboard.pulumi.ProgramRun.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The prod environment (three regions, deletion protection, an alarm e-mail), rendered once with mocks. */
@SuppressWarnings({"unchecked", "cast"})
class ProdStackTest {
    static final String EMAIL = "oncall@example.com";
    static Blueprint blueprint;
    static Environment env;
    static ProgramRun run;

    @BeforeAll
    static void render() {
        // GIVEN prod with an alarm e-mail WHEN the program defines it
        blueprint = ProgramRun.blueprint("prod", Map.of("alarmEmail", EMAIL));
        env = blueprint.environment();
        run = ProgramRun.shared(blueprint);
    }

    static Map<String, Object> in(AwsMocks.Registered r) {
        return r.inputs();
    }

    @Test
    void oneProviderPerRegion_eachPinnedToTheAccount_andEveryRegionalResourceUsesItsRegionsProvider() {
        assertThat(run.ofType(Types.PROVIDER)).extracting(p -> in(p).get("region"))
                .containsExactlyInAnyOrderElementsOf(env.regions());
        for (String region : env.regions()) {
            assertThat(run.ofType(Types.FUNCTION, f -> f.name().startsWith(region + "-"))).as(region)
                    .hasSize(blueprint.deployedFunctions().size())
                    .allSatisfy(f -> assertThat(run.regionOf(f)).isEqualTo(region));
            assertThat(run.ofType(Types.API, a -> run.regionOf(a).equals(region))).hasSize(1);
            assertThat(run.ofType(Types.STAGE, a -> run.regionOf(a).equals(region))).hasSize(1);
            assertThat(run.ofType(Types.DISTRIBUTION, a -> run.regionOf(a).equals(region))).hasSize(1);
            assertThat(run.ofType(Types.DASHBOARD, a -> run.regionOf(a).equals(region)
                    && !a.name().endsWith("edge-dashboard"))).hasSize(1);
        }
    }

    @Test
    void guard_theGlobalTableLivesInThePrimaryRegion_withReplicasInTheOthersOnly() {
        assertThat(run.ofType(Types.TABLE)).singleElement().satisfies(t -> {
            assertThat(run.regionOf(t)).isEqualTo(env.primaryRegion());
            List<AwsMocks.Registered> replicas = run.ofType(Types.TABLE_REPLICA);
            assertThat(replicas).extracting(run::regionOf)
                    .containsExactlyInAnyOrderElementsOf(env.replicaRegions())
                    .doesNotContain(run.regionOf(t));
            assertThat(replicas).allSatisfy(r -> assertThat(in(r)).containsEntry("pointInTimeRecovery", true)
                    .containsEntry("deletionProtectionEnabled", true));
            assertThat(in(t)).containsEntry("deletionProtectionEnabled", true)
                    .containsEntry("pointInTimeRecovery", Map.of("enabled", true))
                    .containsEntry("streamEnabled", true)
                    .containsEntry("streamViewType", "NEW_AND_OLD_IMAGES");
        });
    }

    @Test
    void functionsUseTheReplicaInTheirOwnRegion() {
        for (String region : env.regions()) {
            String table = "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/switchboard-prod-connections";
            List<Map<String, Object>> st = DevStackTest.statements(run.named(Types.ROLE_POLICY, region + "-send-policy"));
            assertThat(st).anySatisfy(s -> assertThat(s.get("Resource")).isEqualTo(List.of(table, table + "/index/byUser")));
        }
    }

    @Test
    void iam_managementApiFunctionsReachEveryRegionsStageConnections_andNothingElse() {
        List<String> stages = env.regions().stream().map(r -> "arn:aws:execute-api:" + r + ":" + ACCOUNT + ":" + r
                + "-api-id/prod/*/@connections/*").toList();
        List<FunctionSpec> managing = blueprint.deployedFunctions().stream().filter(FunctionSpec::managementApi).toList();
        assertThat(managing).isNotEmpty();
        for (String region : env.regions()) {
            for (FunctionSpec fn : managing) {
                assertThat(DevStackTest.statements(run.named(Types.ROLE_POLICY, region + "-" + fn.name()
                        + "-manage-connections"))).extracting(s -> s.get("Action"), s -> s.get("Resource"))
                        .containsExactly(tuple(List.of("execute-api:ManageConnections"), stages));
            }
        }
        assertThat(run.ofType(Types.ROLE_POLICY, p -> p.name().endsWith("-manage-connections")))
                .hasSize(managing.size() * env.regions().size());
    }

    @Test
    void guard_permissionsInEachRegionMatchThatRegionsRoutes() {
        for (String region : env.regions()) {
            String exec = "arn:aws:execute-api:" + region + ":" + ACCOUNT + ":" + region + "-api-id";
            List<Tuple> expected = new ArrayList<>();
            blueprint.routes().forEach(r -> expected.add(tuple(blueprint.functionName(blueprint.function(r.function())),
                    exec + "/prod/" + r.routeKey())));
            expected.add(tuple(blueprint.functionName(blueprint.authorizerFunction()),
                    exec + "/authorizers/" + region + "-authorizer-jwt-id"));
            assertThat(run.ofType(Types.PERMISSION, p -> run.regionOf(p).equals(region)))
                    .allSatisfy(p -> assertThat(in(p)).containsEntry("qualifier", Blueprint.LIVE_ALIAS))
                    .extracting(p -> in(p).get("function"), p -> in(p).get("sourceArn"))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void guard_oneCloudFrontScopeWebAclInUsEast1_carriedByEveryRegionsDistribution() {
        assertThat(run.ofType(Types.WEB_ACL)).singleElement().satisfies(acl -> {
            assertThat(in(acl)).containsEntry("scope", "CLOUDFRONT");
            assertThat(run.regionOf(acl)).isEqualTo("us-east-1");
        });
        String aclArn = "arn:aws:wafv2:us-east-1:" + ACCOUNT + ":global/webacl/switchboard-prod-edge/us-east-1-web-acl-id";
        assertThat(run.ofType(Types.DISTRIBUTION)).hasSize(env.regions().size())
                .allSatisfy(d -> assertThat(in(d)).containsEntry("webAclId", aclArn));
        assertThat(run.ofType(Types.ALARM, a -> "AWS/WAFV2".equals(in(a).get("namespace"))))
                .isNotEmpty().allSatisfy(a -> assertThat(run.regionOf(a)).isEqualTo("us-east-1"));
        assertThat(run.resources).noneMatch(r -> r.type().toLowerCase().contains("webaclassociation"));
    }

    @Test
    void alarmTopicsInEveryRegionAndAtTheEdgeMailTheConfiguredAddress() {
        assertThat(run.ofType(Types.SUBSCRIPTION)).hasSize(env.regions().size() + 1)
                .allSatisfy(s -> assertThat(in(s)).containsEntry("protocol", "email").containsEntry("endpoint", EMAIL));
        assertThat(run.ofType(Types.TOPIC)).extracting(t -> run.regionOf(t) + " " + in(t).get("name"))
                .containsExactlyInAnyOrder("us-east-1 switchboard-prod-us-east-1-alarms",
                        "eu-west-1 switchboard-prod-eu-west-1-alarms", "ap-northeast-1 switchboard-prod-ap-northeast-1-alarms",
                        "us-east-1 switchboard-prod-edge-alarms");
        // dashboard names are global to the account: one per region plus the edge, all distinct
        assertThat(run.ofType(Types.DASHBOARD)).extracting(d -> in(d).get("dashboardName")).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("switchboard-prod-us-east-1", "switchboard-prod-eu-west-1",
                        "switchboard-prod-ap-northeast-1", "switchboard-prod-edge");
    }

    @Test
    void logRetentionAndStageThrottlingComeFromTheEnvironmentAndLimits() {
        assertThat(run.ofType(Types.LOG_GROUP)).hasSize(blueprint.deployedFunctions().size() * env.regions().size())
                .allSatisfy(l -> assertThat(in(l)).containsEntry("retentionInDays", (double) env.logRetentionDays()));
        assertThat(run.ofType(Types.STAGE)).hasSize(3).allSatisfy(s -> assertThat((Object) at(in(s),
                "defaultRouteSettings", "throttlingBurstLimit")).isEqualTo((double) blueprint.limits().stageBurstLimit()));
    }

    @Test
    void outputs_listEveryRegionsUrls() {
        Map<String, String> urls = (Map<String, String>) run.outputs.get("websocketUrls");
        assertThat(urls.keySet()).containsExactlyInAnyOrderElementsOf(env.regions());
        assertThat(urls).allSatisfy((region, url) -> assertThat(url)
                .isEqualTo("wss://" + region + "-distribution-id.cloudfront.net"));
    }

    @Test
    void snapshot_prod() throws Exception {
        Snapshots.assertMatches("prod", Snapshots.render(run));
    }
}
