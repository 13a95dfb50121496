package dev.switchboard.cdk;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.Route;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * cdk-nag AwsSolutions suppressions of Switchboard's constructs, each with its reason and, for wildcard findings,
 * {@code appliesTo} patterns that match only the intended ARNs. The constructs apply them to their own resources, so
 * a user's app that runs cdk-nag inherits them.
 */
final class Nag {
    /**
     * The start of a finding id for an ARN: the partition is a literal with the {@code @aws-cdk/core:
     * enablePartitionLiterals} flag, else a token that cdk-nag shows as {@code <AWS::Partition>} (a library user's
     * app without the repository's cdk.json).
     */
    private static final String ARN = "^Resource::arn:(?:[^:<]+|<AWS::Partition>):";

    private Nag() {
    }

    private static NagPackSuppression s(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }

    private static NagPackSuppression s(String id, String reason, List<Object> appliesTo) {
        return NagPackSuppression.builder().id(id).reason(reason).appliesTo(appliesTo).build();
    }

    private static RegexAppliesTo regex(String regex) {
        return RegexAppliesTo.builder().regex("/" + regex + "/g").build();
    }

    private static String q(String literal) {
        return literal.replaceAll("([\\\\^$.|?*+()\\[\\]{}/-])", "\\\\$1");
    }

    static void handlers(Handlers handlers, Blueprint b, ConnectionTable table) {
        for (FunctionSpec fn : b.deployedFunctions()) {
            handler(handlers, b, fn, table);
        }
    }

    /** The suppressions of one of Switchboard's functions (a blueprint function or one built by addRoute). */
    static void handler(Handlers handlers, Blueprint b, FunctionSpec fn, ConnectionTable table) {
        NagSuppressions.addResourceSuppressions(handlers.function(fn.name()), List.of(s("AwsSolutions-L1",
                "java21 is the runtime Switchboard's handlers are built and measured for (SnapStart, bytecode 17);"
                        + " moving to a newer Java runtime is a deliberate, tested upgrade")));
        List<Object> wildcards = new ArrayList<>(grantWildcards(b, table));
        wildcards.add(regex(ARN + "logs:[^:]+:[0-9]{12}:log-group:" + q(b.names().functionLogGroup(fn.name()))
                + ":\\*$"));
        NagSuppressions.addResourceSuppressions(handlers.role(fn.name()), List.of(s("AwsSolutions-IAM5",
                "Narrowest ARNs the services allow: log streams of the function's own log group (stream names"
                        + " are generated), the connection table's indexes (queried by name at runtime), and"
                        + " @connections/{connectionId} of the environment's stage (connection ids are runtime"
                        + " values; other regions' API ids are unknown to this stack)", wildcards)), true);
    }

    /**
     * The wildcards of the grants {@link Switchboard#addRoute} gives a user's function (on its role, when the
     * function has one in this app): the connection table's indexes and {@code @connections/{connectionId}}.
     */
    static void routeGrants(IConstruct role, Blueprint b, ConnectionTable table) {
        NagSuppressions.addResourceSuppressions(role, List.of(s("AwsSolutions-IAM5",
                "Switchboard's grants on a route's function: the connection table's indexes (queried by name at"
                        + " runtime) and @connections/{connectionId} of the environment's stage (connection ids are"
                        + " runtime values)", List.copyOf(grantWildcards(b, table)))), true);
    }

    private static List<RegexAppliesTo> grantWildcards(Blueprint b, ConnectionTable table) {
        return List.of(
                regex(ARN + "dynamodb:[^:]+:[0-9]{12}:table\\/" + q(table.tableName()) + "\\/index\\/\\*$"),
                regex(ARN + "execute-api:[^:]+:[0-9]{12}:[^\\/]+\\/" + q(b.environment().name())
                        + "\\/\\*\\/@connections\\/\\*$"));
    }

    /** A route other than {@code $connect} has no authorizer of its own (API Gateway authorizes the handshake). */
    static void route(String key, software.amazon.awscdk.services.apigatewayv2.CfnRoute route) {
        if (!key.equals(Route.CONNECT)) {
            NagSuppressions.addResourceSuppressions(route, List.of(s("AwsSolutions-APIG4",
                    "API Gateway runs WebSocket authorizers on $connect only; every later frame belongs to the"
                            + " connection that $connect authorized")));
        }
    }

    static void endpoint(WebSocketEndpoint endpoint, Blueprint b) {
        endpoint.routes().forEach(Nag::route);
        if (!b.environment().accessLogs().enabled()) {
            NagSuppressions.addResourceSuppressions(endpoint.stage(), List.of(s("AwsSolutions-APIG1",
                    "Stage access logs need the account's API Gateway CloudWatch role, a per-account, per-region"
                            + " singleton; they are off unless environments.<env>.accessLogs opts in"
                            + " (CREATE_ACCOUNT_ROLE or EXISTING_ACCOUNT_ROLE)")), true);
        }
        if (endpoint.account() != null) {
            NagSuppressions.addResourceSuppressions(endpoint, List.of(s("AwsSolutions-IAM4",
                    "AmazonAPIGatewayPushToCloudWatchLogs is the policy API Gateway documents for its account"
                            + " CloudWatch role", List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                            + "AmazonAPIGatewayPushToCloudWatchLogs"))), true);
        }
    }

    static void distribution(EdgeDistribution d) {
        NagSuppressions.addResourceSuppressions(d, List.of(
                s("AwsSolutions-CFR1", "A real-time API for any country; the edge web ACL rate-limits and filters"
                        + " clients instead of geo restrictions"),
                s("AwsSolutions-CFR3", "CloudFront standard logs record only the WebSocket handshake; handshakes"
                        + " are in WAF metrics/sampled requests and the authorizer's structured logs"),
                s("AwsSolutions-CFR4", "The default *.cloudfront.net certificate cannot pin a minimum TLS version;"
                        + " the origin connection is TLS 1.2 only and the custom domain option uses TLS 1.2")), true);
    }

    static void secrets(SwitchboardSecrets secrets) {
        NagSuppressions.addResourceSuppressions(secrets, List.of(s("AwsSolutions-SMG4",
                "The JWT signing secret is shared with the user's token issuer; rotating it needs a coordinated"
                        + " change with the issuer (documented in docs/deploy.md), not a rotation Lambda")), true);
    }

    static void edgeSecret(software.constructs.IConstruct secret) {
        NagSuppressions.addResourceSuppressions(secret, List.of(s("AwsSolutions-SMG4",
                "CloudFront sends this value in its origin configuration; rotating it needs the distributions"
                        + " updated with it (redeploy), documented in docs/deploy.md, not a rotation Lambda")), true);
    }

    static void table(ConnectionTable table, Blueprint b) {
        if (table.table() != null && !b.environment().deletionProtection()) {
            NagSuppressions.addResourceSuppressions(table, List.of(s("AwsSolutions-DDB3",
                    "Point-in-time recovery follows environments.<env>.deletionProtection (on in prod); connection"
                            + " records are transient (TTL of hours) in a non-production environment")), true);
        }
    }

    /** The AwsCustomResource provider function (one per stack) that runs the deploy-time lookups. */
    static void customResourceProvider(Stack stack) {
        IConstruct provider = stack.getNode().tryFindChild(LookupProvider.FUNCTION_ID);
        if (provider != null) {
            NagSuppressions.addResourceSuppressions(provider, List.of(
                    s("AwsSolutions-L1", "CDK's AwsCustomResource provider picks its Node.js runtime; it runs"
                            + " Switchboard's deploy-time lookups (LookupProvider)")), true);
        }
    }
}
