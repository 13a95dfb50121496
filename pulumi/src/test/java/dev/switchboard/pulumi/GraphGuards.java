package dev.switchboard.pulumi;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Handshake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deploy guards on a Pulumi resource graph (the counterparts of the CDK's {@code DeployGuards} that apply to the
 * Pulumi program), over any number of systems in one program: each finding starts with the guard's name. Empty means
 * the graph has none of these faults.
 * <ul>
 *   <li>{@code ALIAS_BYPASSED}: an integration, authorizer or permission not on the {@code live} alias (with SnapStart
 *       the unpublished function answers 500).</li>
 *   <li>{@code PERMISSION_SOURCE_ARN}: a route without a Lambda permission scoped to {@code <api>/<stage>/<route>}, or a
 *       permission that names no route or authorizer of its API.</li>
 *   <li>{@code TWO_WAY_WITHOUT_ROUTE_RESPONSE}: a route response selection expression without a route response, or
 *       the reverse.</li>
 *   <li>{@code ORIGIN_HEADER_NOT_AN_IDENTITY_SOURCE}: a distribution that adds the origin header in front of an API
 *       whose authorizer does not list it (direct execute-api handshakes then invoke the authorizer).</li>
 *   <li>{@code TOKEN_AS_IDENTITY_SOURCE}: the query token or {@code Sec-WebSocket-Protocol} as an identity source
 *       (API Gateway answers 401 to every handshake that carries its token the other way).</li>
 *   <li>{@code AUTHORIZER_RESULT_CACHED}: an authorizer result TTL above 0 (with the origin header as the only key, a
 *       cached Allow would serve every user).</li>
 *   <li>{@code PROTOCOL_HEADER_UNBOUNDED}: a CloudFront web ACL with no blocking size rule on
 *       {@code Sec-WebSocket-Protocol}, the header transport's token.</li>
 *   <li>{@code CLOUDFRONT_WEB_ACL_OUTSIDE_US_EAST_1}.</li>
 *   <li>{@code SECRET_IN_TEMPLATE}: a secret value outside a Pulumi secret.</li>
 *   <li>{@code ALARM_TOPIC_CANNOT_NOTIFY} ({@link AlarmNotificationsTest#violations}).</li>
 *   <li>{@code DUPLICATE_PHYSICAL_NAME}: two resources of one kind with one name in one region (or account-wide for
 *       dashboards): the second create fails with "already exists".</li>
 *   <li>{@code DUPLICATE_LOGICAL_NAME}: two resources of one type with one logical name (one URN in one stack).</li>
 * </ul>
 */
final class GraphGuards {
    /** Resource types whose physical name is an input, and that input. */
    static final Map<String, String> PHYSICAL_NAME = Map.of(
            Types.FUNCTION, "name", Types.LOG_GROUP, "name", Types.TABLE, "name", Types.SECRET, "name",
            "aws:sqs/queue:Queue", "name", Types.ALARM, "name", Types.TOPIC, "name", Types.WEB_ACL, "name",
            Types.API, "name", Types.DASHBOARD, "dashboardName");
    /** Types whose names are account-wide. */
    static final Set<String> ACCOUNT_WIDE = Set.of(Types.DASHBOARD, Types.WEB_ACL);
    static final String LIVE_INVOCATIONS = ":" + Blueprint.LIVE_ALIAS + "/invocations";
    static final String ORIGIN_IDENTITY_SOURCE = "route.request.header." + Blueprint.ORIGIN_HEADER;

    private GraphGuards() {
    }

    static List<String> check(ProgramRun run) {
        return check(run, run.resources, run.declared);
    }

    /** The findings on {@code resources} and {@code declared} (a run's, or a copy with a fault put in). */
    @SuppressWarnings("unchecked")
    static List<String> check(ProgramRun run, List<AwsMocks.Registered> resources, List<ProgramRun.Declared> declared) {
        List<String> out = new ArrayList<>();
        String account = account(run);
        Map<String, AwsMocks.Registered> byId = new HashMap<>();
        resources.forEach(r -> byId.put(r.name() + "-id", r));
        Map<String, String> stageOfApi = new HashMap<>();
        for (AwsMocks.Registered s : of(resources, Types.STAGE)) {
            stageOfApi.put((String) s.inputs().get("apiId"), (String) s.inputs().get("name"));
        }

        for (AwsMocks.Registered i : of(resources, Types.INTEGRATION)) {
            if (!String.valueOf(i.inputs().get("integrationUri")).endsWith(LIVE_INVOCATIONS)) {
                out.add("ALIAS_BYPASSED: integration " + i.name() + " invokes " + i.inputs().get("integrationUri"));
            }
        }
        for (AwsMocks.Registered a : of(resources, Types.AUTHORIZER)) {
            if (!String.valueOf(a.inputs().get("authorizerUri")).endsWith(LIVE_INVOCATIONS)) {
                out.add("ALIAS_BYPASSED: authorizer " + a.name() + " invokes " + a.inputs().get("authorizerUri"));
            }
        }
        for (AwsMocks.Registered p : of(resources, Types.PERMISSION)) {
            if (!Blueprint.LIVE_ALIAS.equals(p.inputs().get("qualifier"))) {
                out.add("ALIAS_BYPASSED: permission " + p.name() + " has qualifier " + p.inputs().get("qualifier"));
            }
        }

        Set<String> expected = new HashSet<>();
        for (AwsMocks.Registered route : of(resources, Types.ROUTE)) {
            String apiId = (String) route.inputs().get("apiId");
            String key = (String) route.inputs().get("routeKey");
            AwsMocks.Registered integration = byId.get(String.valueOf(route.inputs().get("target"))
                    .replaceFirst("^integrations/", ""));
            String function = integration == null ? null : functionOf((String) integration.inputs().get("integrationUri"));
            String sourceArn = executionArn(run, account, byId.get(apiId)) + "/" + stageOfApi.get(apiId) + "/" + key;
            expected.add(function + " " + sourceArn);
            boolean permitted = of(resources, Types.PERMISSION).stream().anyMatch(p ->
                    sourceArn.equals(p.inputs().get("sourceArn")) && String.valueOf(p.inputs().get("function"))
                            .equals(function));
            if (!permitted) {
                out.add("PERMISSION_SOURCE_ARN: route " + key + " of " + apiId + " has no permission for " + function
                        + " scoped to " + sourceArn);
            }
            boolean hasResponse = of(resources, Types.ROUTE_RESPONSE).stream()
                    .anyMatch(rr -> (route.name() + "-id").equals(rr.inputs().get("routeId")));
            if (route.inputs().containsKey("routeResponseSelectionExpression") != hasResponse) {
                out.add("TWO_WAY_WITHOUT_ROUTE_RESPONSE: route " + key + " of " + apiId + (hasResponse
                        ? " has a route response but no selection expression" : " is two-way without a route response"));
            }
        }
        for (AwsMocks.Registered a : of(resources, Types.AUTHORIZER)) {
            String apiId = (String) a.inputs().get("apiId");
            expected.add(functionOf((String) a.inputs().get("authorizerUri")) + " " + executionArn(run, account,
                    byId.get(apiId))
                    + "/authorizers/" + a.name() + "-id");
        }
        for (AwsMocks.Registered p : of(resources, Types.PERMISSION)) {
            if (!expected.contains(p.inputs().get("function") + " " + p.inputs().get("sourceArn"))) {
                out.add("PERMISSION_SOURCE_ARN: permission " + p.name() + " for " + p.inputs().get("function")
                        + " names no route or authorizer of its API: " + p.inputs().get("sourceArn"));
            }
        }

        for (AwsMocks.Registered d : of(resources, Types.DISTRIBUTION)) {
            for (Map<String, Object> origin : (List<Map<String, Object>>) d.inputs().get("origins")) {
                boolean addsHeader = ((List<Map<String, Object>>) origin.getOrDefault("customHeaders", List.of()))
                        .stream().anyMatch(h -> Blueprint.ORIGIN_HEADER.equals(h.get("name")));
                String apiId = String.valueOf(origin.get("domainName")).split("\\.execute-api\\.")[0];
                for (AwsMocks.Registered a : of(resources, Types.AUTHORIZER)) {
                    if (addsHeader && apiId.equals(a.inputs().get("apiId")) && !((List<String>) a.inputs()
                            .get("identitySources")).contains(ORIGIN_IDENTITY_SOURCE)) {
                        out.add("ORIGIN_HEADER_NOT_AN_IDENTITY_SOURCE: " + d.name() + " adds the origin header in"
                                + " front of " + apiId + ", whose authorizer " + a.name() + " does not require it");
                    }
                }
            }
        }

        for (AwsMocks.Registered a : of(resources, Types.AUTHORIZER)) {
            for (String source : (List<String>) a.inputs().getOrDefault("identitySources", List.of())) {
                if (source.equalsIgnoreCase("route.request.querystring.token")
                        || source.equalsIgnoreCase("route.request.header." + Handshake.PROTOCOL_HEADER)) {
                    out.add("TOKEN_AS_IDENTITY_SOURCE: " + a.name() + " requires " + source);
                }
            }
            Object ttl = a.inputs().get("authorizerResultTtlInSeconds");
            if (ttl instanceof Number n && n.intValue() > 0) {
                out.add("AUTHORIZER_RESULT_CACHED: " + a.name() + " caches results for " + n + " s");
            }
        }

        for (AwsMocks.Registered acl : of(resources, Types.WEB_ACL)) {
            if ("CLOUDFRONT".equals(acl.inputs().get("scope")) && !boundsProtocolHeader(acl)) {
                out.add("PROTOCOL_HEADER_UNBOUNDED: " + acl.name() + " has no blocking size rule on "
                        + Handshake.PROTOCOL_HEADER);
            }
            if ("CLOUDFRONT".equals(acl.inputs().get("scope")) && !"us-east-1".equals(run.regionOf(acl))) {
                out.add("CLOUDFRONT_WEB_ACL_OUTSIDE_US_EAST_1: " + acl.name() + " in " + run.regionOf(acl));
            }
        }

        for (ProgramRun.Declared d : declared) {
            for (String s : PlainStrings.of(d.serializedInputs())) {
                if (s.contains(ProgramRun.JWT_SECRET) || s.contains(ProgramRun.ORIGIN_SECRET)) {
                    out.add("SECRET_IN_TEMPLATE: " + d.type() + " " + d.name() + " holds a secret value in plain text");
                }
            }
        }

        AlarmNotificationsTest.violations(resources, account)
                .forEach(v -> out.add("ALARM_TOPIC_CANNOT_NOTIFY: " + v));

        Map<String, String> physical = new LinkedHashMap<>();
        Map<String, String> logical = new HashMap<>();
        for (AwsMocks.Registered r : resources) {
            String input = PHYSICAL_NAME.get(r.type());
            if (input != null && r.inputs().get(input) != null) {
                String where = ACCOUNT_WIDE.contains(r.type()) ? "account" : run.regionOf(r);
                String key = r.type() + " " + where + " " + r.inputs().get(input);
                String first = physical.putIfAbsent(key, r.name());
                if (first != null) {
                    out.add("DUPLICATE_PHYSICAL_NAME: " + key + " (" + first + " and " + r.name() + ")");
                }
            }
            if (logical.putIfAbsent(r.type() + " " + r.name(), r.name()) != null) {
                out.add("DUPLICATE_LOGICAL_NAME: " + r.type() + " " + r.name());
            }
        }
        return out;
    }

    /** Every physical name of {@code resources}, by kind: {@code <type> <region or account> <name>}. */
    static List<String> physicalNames(ProgramRun run) {
        List<String> out = new ArrayList<>();
        for (AwsMocks.Registered r : run.resources) {
            String input = PHYSICAL_NAME.get(r.type());
            if (input != null && r.inputs().get(input) != null) {
                out.add(r.type() + " " + (ACCOUNT_WIDE.contains(r.type()) ? "account" : run.regionOf(r)) + " "
                        + r.inputs().get(input));
            }
        }
        return out;
    }

    /** Whether a blocking rule of {@code acl} holds a size constraint on the single header Sec-WebSocket-Protocol. */
    @SuppressWarnings("unchecked")
    private static boolean boundsProtocolHeader(AwsMocks.Registered acl) {
        for (Map<String, Object> rule : (List<Map<String, Object>>) acl.inputs().getOrDefault("rules", List.of())) {
            if (rule.get("action") instanceof Map<?, ?> action && action.containsKey("block")
                    && sizesTheHeader(rule.get("statement"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sizesTheHeader(Object statement) {
        if (statement instanceof Map<?, ?> m) {
            if (m.get("sizeConstraintStatement") instanceof Map<?, ?> sc && sc.get("fieldToMatch") instanceof Map<?, ?> f
                    && f.get("singleHeader") instanceof Map<?, ?> h
                    && Handshake.PROTOCOL_HEADER.equalsIgnoreCase(String.valueOf(h.get("name")))) {
                return true;
            }
            return m.values().stream().anyMatch(GraphGuards::sizesTheHeader);
        }
        return statement instanceof List<?> l && l.stream().anyMatch(GraphGuards::sizesTheHeader);
    }

    private static List<AwsMocks.Registered> of(List<AwsMocks.Registered> resources, String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    /** The execution ARN the mocks give an API. */
    private static String executionArn(ProgramRun run, String account, AwsMocks.Registered api) {
        return api == null ? "?" : "arn:aws:execute-api:" + run.regionOf(api) + ":" + account + ":" + api.name() + "-id";
    }

    /** The one account the program's providers are pinned to. */
    private static String account(ProgramRun run) {
        java.util.Set<String> accounts = run.mocks.accounts();
        if (accounts.size() != 1) {
            throw new IllegalStateException("expected one account, the providers name " + accounts);
        }
        return accounts.iterator().next();
    }

    /** {@code ...:function:<name>:live/invocations} to {@code <name>}. */
    private static String functionOf(String invokeArn) {
        String after = String.valueOf(invokeArn).replaceFirst("^.*:function:", "");
        return after.replaceFirst("(:[^:/]+)?/invocations$", "");
    }
}
