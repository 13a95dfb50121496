package dev.switchboard.pulumi;

import com.pulumi.test.Mocks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pulumi mocks for the resource types Switchboard creates: each answers with its inputs plus the attributes AWS would
 * compute (ARNs, invoke ARNs, versions, domain names), derived from the resource's provider region and account.
 * Unknown resource types and every provider function call throw, so a new resource kind must be mocked on purpose.
 */
final class AwsMocks implements Mocks {
    static final String PROVIDER = "pulumi:providers:aws";
    static final String CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";

    /** What the program asked for: type, logical name, inputs and the provider's logical name. */
    record Registered(String type, String name, Map<String, Object> inputs, String provider) {
    }

    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> providers = new ConcurrentHashMap<>();

    List<Registered> registered() {
        return List.copyOf(registered);
    }

    /** The region of a provider, by its logical name. */
    String regionOf(String providerName) {
        Map<String, Object> p = providers.get(providerName);
        if (p == null) {
            throw new IllegalStateException("unknown provider " + providerName);
        }
        return (String) p.get("region");
    }

    /** The accounts the providers are pinned to (one per program in practice). */
    java.util.Set<String> accounts() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        providers.values().forEach(p -> out.add(accountOf(p)));
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        Map<String, Object> state = new HashMap<>(args.inputs);
        String providerName = providerName(args.provider);
        registered.add(new Registered(args.type, args.name, args.inputs, providerName));
        if (args.type.equals(PROVIDER)) {
            providers.put(args.name, args.inputs);
            return done(args.name + "-id", state);
        }
        if (args.type.startsWith("switchboard:")) {
            return done(null, state);
        }
        Map<String, Object> p = providerName == null ? null : providers.get(providerName);
        if (p == null) {
            throw new IllegalStateException(args.type + " " + args.name + " has no explicit provider");
        }
        String region = (String) p.get("region");
        String account = accountOf(p);
        String id = args.name + "-id";
        String named = (String) args.inputs.getOrDefault("name", args.name);
        switch (args.type) {
            case "aws:apigatewayv2/api:Api" -> {
                state.put("executionArn", "arn:aws:execute-api:" + region + ":" + account + ":" + id);
                state.put("apiEndpoint", "wss://" + id + ".execute-api." + region + ".amazonaws.com");
            }
            case "aws:lambda/function:Function" -> {
                String arn = "arn:aws:lambda:" + region + ":" + account + ":function:" + named;
                state.put("arn", arn);
                state.put("version", "1");
                state.put("invokeArn", invokeArn(region, arn));
            }
            case "aws:lambda/alias:Alias" -> {
                String arn = "arn:aws:lambda:" + region + ":" + account + ":function:" + args.inputs.get("functionName")
                        + ":" + named;
                state.put("arn", arn);
                state.put("invokeArn", invokeArn(region, arn));
            }
            case "aws:iam/role:Role" -> {
                state.put("name", args.name);
                state.put("arn", "arn:aws:iam::" + account + ":role/" + args.name);
            }
            case "aws:secretsmanager/secret:Secret" ->
                    state.put("arn", "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + named + "-AbCdEf");
            case "aws:dynamodb/table:Table" -> {
                state.put("arn", "arn:aws:dynamodb:" + region + ":" + account + ":table/" + named);
                state.put("streamArn", "arn:aws:dynamodb:" + region + ":" + account + ":table/" + named + "/stream/1");
            }
            case "aws:wafv2/webAcl:WebAcl" ->
                    state.put("arn", "arn:aws:wafv2:" + region + ":" + account + ":global/webacl/" + named + "/" + id);
            case "aws:sns/topic:Topic" -> state.put("arn", "arn:aws:sns:" + region + ":" + account + ":" + named);
            case "aws:cloudfront/distribution:Distribution" -> {
                state.put("domainName", id + ".cloudfront.net");
                state.put("hostedZoneId", CLOUDFRONT_ZONE);
            }
            case "aws:acm/certificate:Certificate" -> {
                state.put("arn", "arn:aws:acm:" + region + ":" + account + ":certificate/" + id);
                state.put("domainValidationOptions", List.of(Map.of(
                        "domainName", args.inputs.get("domainName"),
                        "resourceRecordName", "_v." + args.inputs.get("domainName") + ".",
                        "resourceRecordType", "CNAME",
                        "resourceRecordValue", "_v.acm-validations.aws.")));
            }
            case "aws:route53/record:Record" -> state.put("fqdn", args.inputs.get("name"));
            case "aws:apigatewayv2/domainName:DomainName" -> {
                Map<String, Object> config = new HashMap<>((Map<String, Object>) args.inputs.get("domainNameConfiguration"));
                config.put("targetDomainName", "d-" + id + ".execute-api." + region + ".amazonaws.com");
                config.put("hostedZoneId", "Z-APIGW-" + region);
                state.put("domainNameConfiguration", config);
            }
            case "aws:sqs/queue:Queue" -> {
                state.put("arn", "arn:aws:sqs:" + region + ":" + account + ":" + named);
                state.put("url", "https://sqs." + region + ".amazonaws.com/" + account + "/" + named);
            }
            case "aws:sqs/queuePolicy:QueuePolicy", "aws:lambda/eventSourceMapping:EventSourceMapping" -> {
                // inputs only
            }
            case "aws:cloudwatch/logGroup:LogGroup" ->
                    state.put("arn", "arn:aws:logs:" + region + ":" + account + ":log-group:" + named);
            case "aws:apigatewayv2/route:Route", "aws:apigatewayv2/routeResponse:RouteResponse",
                 "aws:apigatewayv2/integration:Integration", "aws:apigatewayv2/authorizer:Authorizer",
                 "aws:apigatewayv2/stage:Stage", "aws:apigateway/account:Account", "aws:lambda/permission:Permission",
                 "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                 "aws:secretsmanager/secretVersion:SecretVersion", "aws:sns/topicSubscription:TopicSubscription",
                 "aws:sns/topicPolicy:TopicPolicy", "aws:acm/certificateValidation:CertificateValidation",
                 "aws:route53/healthCheck:HealthCheck", "aws:apigatewayv2/apiMapping:ApiMapping",
                 "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/dashboard:Dashboard",
                 "aws:dynamodb/tableReplica:TableReplica" -> {
                // inputs only
            }
            default -> throw new IllegalStateException("unmocked resource type " + args.type + " (" + args.name + ")");
        }
        return done(id, state);
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        throw new IllegalStateException("unmocked call " + args.token + ": the program should make no provider calls");
    }

    /** Provider inputs arrive JSON-encoded ({@code ["111111111111"]}) or as a list. */
    private static String accountOf(Map<String, Object> provider) {
        Object ids = provider.get("allowedAccountIds");
        String first = ids instanceof List<?> l ? l.get(0).toString()
                : ids.toString().replaceAll("[\\[\\]\" ]", "").split(",")[0];
        return first;
    }

    private static String invokeArn(String region, String functionArn) {
        return "arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/" + functionArn + "/invocations";
    }

    /** {@code urn:...::pulumi:providers:aws::<name>::<id>} to {@code <name>}. */
    static String providerName(String providerRef) {
        if (providerRef == null || providerRef.isEmpty()) {
            return null;
        }
        String[] parts = providerRef.split("::");
        return parts.length >= 2 ? parts[parts.length - 2] : providerRef;
    }

    private static CompletableFuture<ResourceResult> done(String id, Map<String, Object> state) {
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.ofNullable(id), state));
    }
}
