package dev.switchboard.cdk.guards;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EdgeRules;
import dev.switchboard.cdk.EdgeProtection;
import dev.switchboard.cdk.Switchboard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudArtifact;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.constructs.IConstruct;

/**
 * Checks synthesized templates for mistakes that synthesize fine and fail at deploy time or at runtime. Each
 * {@link Guard} is one known failure, judged by the class named after it in this package, over one
 * {@link TemplateView} per stack. {@code SwitchboardApp} runs them all after every synth and stops on a violation; an
 * app of a user's runs them with {@link #verify(App)} after building its stacks:
 *
 * <pre>{@code
 * App app = new App();
 * ... new Switchboard(stack, "Chat", props) ...
 * DeployGuards.verify(app);   // synthesizes the app; throws, listing every violation
 * }</pre>
 *
 * {@link #verify(App)} judges what Switchboard owns: the resources under each {@link Switchboard} and
 * {@link EdgeProtection} construct of the app (routes added to its API the aws-cdk way among them), each against its
 * own blueprint and routes; a user's own resources in the same stacks are not judged.
 */
public final class DeployGuards {
    /** The known deploy-time and runtime failures. */
    public enum Guard {
        /** AWS WAF cannot be associated with API Gateway WebSocket APIs: the association fails at deploy time. */
        WAF_ASSOCIATION_TO_WEBSOCKET,
        /**
         * The token (query or Sec-WebSocket-Protocol) as an authorizer identity source: API Gateway then answers 401
         * to every handshake of the other transport (docs/protocol.md, "Connecting").
         */
        TOKEN_AS_IDENTITY_SOURCE,
        /** An authorizer result TTL: with the origin header as the only identity source, one user's Allow serves all. */
        AUTHORIZER_RESULT_CACHED,
        /** No web ACL rule bounds Sec-WebSocket-Protocol, the header transport's token, as the query size rule does. */
        PROTOCOL_HEADER_UNBOUNDED,
        /** A distribution whose origin request policy does not forward Sec-WebSocket-Protocol to the API. */
        PROTOCOL_HEADER_NOT_FORWARDED,
        /** A CLOUDFRONT-scope web ACL can only be created in us-east-1. */
        CLOUDFRONT_WEB_ACL_OUTSIDE_US_EAST_1,
        /** With SnapStart, integrations, the authorizer and permissions must target the alias (else a 500). */
        ALIAS_BYPASSED,
        /** A Lambda permission whose source ARN does not name its route (or a route without a permission). */
        PERMISSION_SOURCE_ARN,
        /** A global table's replica list with the stack's own region twice, or without it, or off the environment. */
        REPLICA_REGIONS,
        /** Stage access logs without the API Gateway account CloudWatch role. */
        ACCESS_LOGS_WITHOUT_ACCOUNT_ROLE,
        /** A two-way route without a route response: the handler's reply never reaches the sender. */
        TWO_WAY_WITHOUT_ROUTE_RESPONSE,
        /** A secret value in a template. */
        SECRET_IN_TEMPLATE,
        /** A dependency cycle among the environment's stacks, or a cross-stack import. */
        STACK_CYCLE,
        /**
         * A secret named {@code ...-xxxxxx} (a hyphen and six characters), or a handler given a partial secret ARN:
         * Secrets Manager then resolves the wrong secret or none, and the authorizer fails during SnapStart's init.
         */
        SECRET_REFERENCE_AMBIGUOUS,
        /**
         * An alarm whose SNS topic does not let CloudWatch publish (a topic policy replaces the default policy), or an
         * encrypted topic whose key CloudWatch cannot use: the alarm fires and nobody hears of it.
         */
        ALARM_TOPIC_CANNOT_NOTIFY,
        /**
         * A web ACL rule that blocks a valid handshake: a managed rule of {@link EdgeRules#HANDSHAKE_RISKS} left on
         * Block (no User-Agent, a query string over 2,048 bytes, a JWT tripping a query-string pattern), or a query
         * string size limit below what the authorizer's token limit implies.
         */
        WAF_BLOCKS_HANDSHAKE,
        /** A managed rule counted without a reason in {@link EdgeRules}, or a scoped rule nobody re-blocks. */
        WAF_PROTECTION_DROPPED,
        /**
         * {@code DeletionPolicy: Retain} on a resource with a fixed physical name: it survives the rollback of a
         * failed create and the retry fails with "already exists" (use RetainExceptOnCreate).
         */
        RETAINED_ON_FAILED_CREATE,
        /**
         * A stack whose distribution adds an origin header while its authorizer does not list that header as an
         * identity source: direct execute-api handshakes then invoke the authorizer (cost, denial of wallet).
         */
        ORIGIN_HEADER_NOT_AN_IDENTITY_SOURCE,
        /** A fan-out queue without a TLS-only queue policy, or with one that allows everyone ({@link FanoutGuards}). */
        FANOUT_QUEUE_POLICY,
        /** The shard queue not consumed by the fan-out alias with batch item failures and bounded concurrency. */
        FANOUT_EVENT_SOURCE_MAPPING,
        /** A fan-out dead-letter queue without an alarm. */
        FANOUT_DLQ_ALARM,
        /** Deletion protection that a failed first create's rollback runs into ({@link RollbackGuards}). */
        ROLLBACK_BLOCKED_BY_DELETION_PROTECTION,
        /** A function whose log group is not ordered before it ({@link ProviderGuards}). */
        LAMBDA_LOG_GROUP_RACE,
        /** A custom-resource provider's log group that outlives the stack ({@link ProviderGuards}). */
        PROVIDER_LOG_GROUP_LEAKS,
        /** A custom resource whose permission is attached just before its call ({@link ProviderGuards}). */
        CUSTOM_RESOURCE_PERMISSION_RACE,
        /** A region's DNS health decided by an alarm a single client can trip ({@link DnsHealthGuards}). */
        DNS_HEALTH_CLIENT_DRIVEN
    }

    /** One violation: which guard, where, and what. */
    public record Violation(Guard guard, String stack, String resource, String message) {
        @Override
        public String toString() {
            return guard + " in " + stack + (resource == null ? "" : "/" + resource) + ": " + message;
        }
    }

    /** What the guards need to know about one stack. */
    public record StackInfo(String region, Map<String, Object> template, Set<String> dependencies) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployGuards() {
    }

    /** Throws an {@link IllegalStateException} listing every violation, if any. */
    public static void requireNone(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new IllegalStateException("Switchboard deploy guards failed:\n  " + violations.stream()
                    .map(Violation::toString).collect(Collectors.joining("\n  ")));
        }
    }

    /**
     * Synthesizes {@code app} (or takes its assembly, if already synthesized) and runs every guard over what
     * Switchboard owns in it; throws an {@link IllegalStateException} listing every violation.
     *
     * @return the cloud assembly
     */
    public static CloudAssembly verify(App app) {
        CloudAssembly assembly = app.synth();
        requireNone(check(app, assembly));
        return assembly;
    }

    /** The violations {@link #verify(App)} would throw for. */
    public static List<Violation> check(App app) {
        return check(app, app.synth());
    }

    private static List<Violation> check(App app, CloudAssembly assembly) {
        Map<String, StackInfo> stacks = stacks(templates(assembly), assembly);
        List<Violation> out = new ArrayList<>();
        for (IConstruct c : app.getNode().findAll()) {
            if (c instanceof Switchboard sb) {
                judge(new Declared(sb.blueprint(), sb.routes()), sb, stacks, out);
            } else if (c instanceof EdgeProtection ep) {
                judge(Declared.of(ep.blueprint()), ep, stacks, out);
            }
        }
        StackCycle.cycles(stacks, out);
        return out;
    }

    private static void judge(Declared declared, IConstruct owner, Map<String, StackInfo> stacks,
                              List<Violation> out) {
        Stack stack = Stack.of(owner);
        Set<String> ids = new HashSet<>();
        for (IConstruct c : owner.getNode().findAll()) {
            if (c instanceof CfnElement e) {
                ids.add(String.valueOf(stack.resolve(e.getLogicalId())));
            }
        }
        StackInfo info = stacks.get(stack.getStackName());
        judge(declared, new TemplateView(stack.getStackName(), info.region(), info.template(), ids), out);
    }

    /** Runs every guard over the stacks of a synthesized assembly, judging every resource against {@code blueprint}. */
    public static List<Violation> check(Blueprint blueprint, Map<String, Map<String, Object>> templates,
                                        CloudAssembly assembly) {
        return check(blueprint, stacks(templates, assembly));
    }

    /** Runs every guard over {@code stacks} (stack name to region, template and dependencies). */
    public static List<Violation> check(Blueprint blueprint, Map<String, StackInfo> stacks) {
        List<Violation> out = new ArrayList<>();
        Declared declared = Declared.of(blueprint);
        stacks.forEach((name, info) -> judge(declared, new TemplateView(name, info.region(), info.template(), null),
                out));
        StackCycle.cycles(stacks, out);
        return out;
    }

    private static void judge(Declared d, TemplateView s, List<Violation> out) {
        WafAssociationToWebSocket.check(d, s, out);
        CloudFrontWebAclOutsideUsEast1.check(d, s, out);
        AliasBypassed.check(d, s, out);
        PermissionSourceArn.check(d, s, out);
        ReplicaRegions.check(d, s, out);
        AccessLogsWithoutAccountRole.check(d, s, out);
        TwoWayWithoutRouteResponse.check(d, s, out);
        SecretInTemplate.check(d, s, out);
        SecretReferenceAmbiguous.check(d, s, out);
        AlarmTopicCannotNotify.check(d, s, out);
        WafRules.check(d, s, out);
        RetainedOnFailedCreate.check(d, s, out);
        OriginHeaderNotAnIdentitySource.check(d, s, out);
        TokenAsIdentitySource.check(d, s, out);
        AuthorizerResultCached.check(d, s, out);
        ProtocolHeaderUnbounded.check(d, s, out);
        ProtocolHeaderNotForwarded.check(d, s, out);
        StackCycle.imports(s, out);
        FanoutGuards.check(d, s, out);
        RollbackGuards.check(d, s, out);
        ProviderGuards.check(d, s, out);
        DnsHealthGuards.check(d, s, out);
    }

    @SuppressWarnings("deprecation")
    private static Map<String, StackInfo> stacks(Map<String, Map<String, Object>> templates, CloudAssembly assembly) {
        Map<String, StackInfo> stacks = new LinkedHashMap<>();
        for (CloudFormationStackArtifact a : assembly.getStacks()) {
            Set<String> deps = new HashSet<>();
            for (CloudArtifact d : a.getDependencies()) {
                deps.add(d instanceof CloudFormationStackArtifact s ? s.getStackName() : d.getId());
            }
            deps.removeIf(d -> !templates.containsKey(d));
            stacks.put(a.getStackName(), new StackInfo(a.getEnvironment().getRegion(),
                    templates.get(a.getStackName()), deps));
        }
        return stacks;
    }

    /** Stack name to parsed template of every stack in {@code assembly}. */
    public static Map<String, Map<String, Object>> templates(CloudAssembly assembly) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (CloudFormationStackArtifact a : assembly.getStacks()) {
            try {
                out.put(a.getStackName(), JSON.readValue(Path.of(a.getTemplateFullPath()).toFile(),
                        new TypeReference<LinkedHashMap<String, Object>>() { }));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + a.getTemplateFullPath(), e);
            }
        }
        return out;
    }
}
