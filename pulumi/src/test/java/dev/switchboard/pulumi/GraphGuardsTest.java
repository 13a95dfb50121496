package dev.switchboard.pulumi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link GraphGuards}: nothing on the shipped environments, and each guard fires on a graph with its fault put in. */
class GraphGuardsTest {
    static ProgramRun prod;

    @BeforeAll
    static void render() {
        prod = ProgramRun.shared(ProgramRun.blueprint("prod", Map.of("alarmEmail", ProdStackTest.EMAIL)));
    }

    /** The prod graph with {@code change} applied to every resource of {@code type} (null drops it). */
    static List<String> findingsWith(String type, Function<AwsMocks.Registered, AwsMocks.Registered> change) {
        List<AwsMocks.Registered> out = new ArrayList<>();
        for (AwsMocks.Registered r : prod.resources) {
            AwsMocks.Registered c = r.type().equals(type) ? change.apply(r) : r;
            if (c != null) {
                out.add(c);
            }
        }
        return GraphGuards.check(prod, out, prod.declared);
    }

    static AwsMocks.Registered withInput(AwsMocks.Registered r, String key, Object value) {
        Map<String, Object> in = new HashMap<>(r.inputs());
        in.put(key, value);
        return new AwsMocks.Registered(r.type(), r.name(), in, r.provider());
    }

    @Test
    void theShippedEnvironments_haveNoFinding() {
        assertThat(GraphGuards.check(prod)).isEmpty();
        assertThat(GraphGuards.check(ProgramRun.shared(ProgramRun.blueprint("dev", Map.of())))).isEmpty();
    }

    @Test
    void anIntegrationOnTheUnpublishedFunction_isAliasBypassed() {
        assertThat(findingsWith(Types.INTEGRATION, i -> withInput(i, "integrationUri",
                ((String) i.inputs().get("integrationUri")).replace(":live/", "/"))))
                .isNotEmpty().allSatisfy(f -> assertThat(f).startsWith("ALIAS_BYPASSED: integration "));
    }

    @Test
    void aPermissionScopedToEveryStage_isNotScopedToItsRoute() {
        // the aws-cdk way: .../*/<route> instead of .../<stage>/<route>
        List<String> findings = findingsWith(Types.PERMISSION, p -> withInput(p, "sourceArn",
                ((String) p.inputs().get("sourceArn")).replace("/prod/", "/*/")));
        assertThat(findings).anyMatch(f -> f.startsWith("PERMISSION_SOURCE_ARN: route send of "))
                .anyMatch(f -> f.startsWith("PERMISSION_SOURCE_ARN: permission ") && f.endsWith("/*/send"));
    }

    @Test
    void aTwoWayRouteWithoutItsRouteResponse_isReported() {
        assertThat(findingsWith(Types.ROUTE_RESPONSE, rr -> null)).isNotEmpty()
                .allSatisfy(f -> assertThat(f).startsWith("TWO_WAY_WITHOUT_ROUTE_RESPONSE: ")
                        .endsWith("is two-way without a route response"));
    }

    @Test
    void anAuthorizerWithoutTheOriginHeader_behindADistributionThatAddsIt_isReported() {
        assertThat(findingsWith(Types.AUTHORIZER, a -> withInput(a, "identitySources", List.of()))).hasSize(3)
                .allSatisfy(f -> assertThat(f).startsWith("ORIGIN_HEADER_NOT_AN_IDENTITY_SOURCE: "));
    }

    @Test
    void theTokenAsAnIdentitySource_isReported_eitherWay() {
        assertThat(findingsWith(Types.AUTHORIZER, a -> withInput(a, "identitySources",
                List.of(GraphGuards.ORIGIN_IDENTITY_SOURCE, "route.request.querystring.token"))))
                .anyMatch(f -> f.startsWith("TOKEN_AS_IDENTITY_SOURCE: "));
        assertThat(findingsWith(Types.AUTHORIZER, a -> withInput(a, "identitySources",
                List.of(GraphGuards.ORIGIN_IDENTITY_SOURCE, "route.request.header.Sec-WebSocket-Protocol"))))
                .anyMatch(f -> f.startsWith("TOKEN_AS_IDENTITY_SOURCE: "));
    }

    @Test
    void aCachedAuthorizerResult_isReported() {
        assertThat(findingsWith(Types.AUTHORIZER, a -> withInput(a, "authorizerResultTtlInSeconds", 300)))
                .anyMatch(f -> f.startsWith("AUTHORIZER_RESULT_CACHED: "));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWebAclWithoutTheProtocolHeaderSizeRule_isReported() {
        assertThat(findingsWith(Types.WEB_ACL, acl -> withInput(acl, "rules",
                ((List<Map<String, Object>>) acl.inputs().get("rules")).stream()
                        .filter(r -> !String.valueOf(r).toLowerCase(java.util.Locale.ROOT)
                                .contains("sec-websocket-protocol")).toList())))
                .containsExactly("PROTOCOL_HEADER_UNBOUNDED: " + prodWebAcl() + " has no blocking size rule on "
                        + dev.switchboard.blueprint.Handshake.PROTOCOL_HEADER);
    }

    private static String prodWebAcl() {
        return prod.resources.stream().filter(r -> r.type().equals(Types.WEB_ACL)).findFirst().orElseThrow().name();
    }

    @Test
    void aCloudFrontWebAclOutsideUsEast1_isReported() {
        String euProvider = prod.ofType(Types.PROVIDER, p -> "eu-west-1".equals(p.inputs().get("region"))).get(0)
                .name();
        assertThat(findingsWith(Types.WEB_ACL, a -> new AwsMocks.Registered(a.type(), a.name(), a.inputs(),
                euProvider))).containsExactly("CLOUDFRONT_WEB_ACL_OUTSIDE_US_EAST_1: us-east-1-web-acl in eu-west-1");
    }

    @Test
    void aSecretValueInPlainText_isReported() {
        List<ProgramRun.Declared> declared = new ArrayList<>(prod.declared);
        declared.add(new ProgramRun.Declared(Types.FUNCTION, "leaky", null,
                Map.of("environment", Map.of("variables", Map.of("JWT", ProgramRun.JWT_SECRET))), List.of(), null,
                List.of()));
        assertThat(GraphGuards.check(prod, prod.resources, declared))
                .containsExactly("SECRET_IN_TEMPLATE: " + Types.FUNCTION + " leaky holds a secret value in plain text");
    }

    @Test
    void alarmTopicsWithoutTheirPolicies_cannotNotify() {
        assertThat(findingsWith(Types.TOPIC_POLICY, p -> null)).hasSize(prod.ofType(Types.ALARM).size())
                .allSatisfy(f -> assertThat(f).startsWith("ALARM_TOPIC_CANNOT_NOTIFY: "));
    }

    @Test
    void aSecondSystemWithTheSameNames_isReported_physicallyAndLogically() {
        // a copy of every function under another logical name: the same physical names in the same regions
        List<AwsMocks.Registered> twice = new ArrayList<>(prod.resources);
        prod.ofType(Types.FUNCTION).forEach(f -> twice.add(new AwsMocks.Registered(f.type(), "other-" + f.name(),
                f.inputs(), f.provider())));
        assertThat(GraphGuards.check(prod, twice, prod.declared)).hasSize(prod.ofType(Types.FUNCTION).size())
                .allSatisfy(f -> assertThat(f).startsWith("DUPLICATE_PHYSICAL_NAME: " + Types.FUNCTION + " "));
        // a copy of a route under its own logical name: one URN twice
        List<AwsMocks.Registered> sameUrn = new ArrayList<>(prod.resources);
        sameUrn.add(prod.ofType(Types.STAGE).get(0));
        assertThat(GraphGuards.check(prod, sameUrn, prod.declared))
                .containsExactly("DUPLICATE_LOGICAL_NAME: " + Types.STAGE + " " + prod.ofType(Types.STAGE).get(0).name());
    }
}
