package dev.switchboard.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.lambdas.auth.AuthConfig;
import dev.switchboard.lambdas.auth.AuthLog;
import dev.switchboard.lambdas.auth.AuthorizerEvent;
import dev.switchboard.lambdas.auth.HandshakeToken;
import dev.switchboard.lambdas.auth.OriginGuard;
import dev.switchboard.lambdas.auth.Reason;
import dev.switchboard.lambdas.auth.RefreshingSecret;
import dev.switchboard.lambdas.auth.SecretFetcher;
import dev.switchboard.lambdas.auth.SecretsManagerSecrets;
import dev.switchboard.lambdas.auth.TokenVerifier;
import dev.switchboard.lambdas.auth.UnauthorizedException;
import dev.switchboard.lambdas.auth.Verdict;
import dev.switchboard.lambdas.auth.VerifierUnavailableException;
import org.crac.Core;
import org.crac.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code $connect} REQUEST authorizer: checks the origin header (when configured) and the JWT, read from either
 * transport of docs/protocol.md (the {@code token} query string parameter or a {@code bearer.<JWT>} offer in
 * {@code Sec-WebSocket-Protocol}, see {@link HandshakeToken}; both are checked the same way), and answers with an IAM
 * policy for the request's {@code methodArn}.
 *
 * <p>Outcomes, and what API Gateway (and the local gateway, which mirrors it) answers the client:
 * <table>
 *   <caption>authorizer outcomes</caption>
 *   <tr><th>situation</th><th>authorizer does</th><th>client gets</th></tr>
 *   <tr><td>valid token (and origin header, when configured)</td>
 *       <td>returns {@code {"principalId": sub, "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action":
 *       "execute-api:Invoke", "Effect": "Allow", "Resource": methodArn}]}, "context": {"userId": sub}}}</td>
 *       <td>the handshake proceeds to {@code $connect}</td></tr>
 *   <tr><td>no token in either transport, or an empty one</td>
 *       <td>throws {@link UnauthorizedException}, whose message is exactly {@code "Unauthorized"}</td>
 *       <td>401</td></tr>
 *   <tr><td>invalid token (any {@link Reason} other than OK and MISSING_TOKEN), a token in both transports or two
 *       bearer offers ({@link Reason#AMBIGUOUS_TOKEN}), or the origin header missing or wrong (checked first)</td>
 *       <td>returns the same shape with {@code "Effect": "Deny"} on the methodArn, principalId {@code "denied"} and no
 *       context</td>
 *       <td>403</td></tr>
 *   <tr><td>an event without {@code methodArn}, or not JSON</td>
 *       <td>throws {@link IllegalArgumentException}</td><td>500</td></tr>
 *   <tr><td>the JWKS endpoint cannot be reached</td>
 *       <td>throws {@link VerifierUnavailableException} (so no Deny is cached for a good token)</td><td>500</td></tr>
 * </table>
 * The local gateway treats an exception whose message is "Unauthorized" as 401, a Deny or a Resource that does not
 * match the methodArn as 403, and anything else as 500. The client never learns the reason; each decision is logged as
 * one JSON line with a stable reason code (see {@link AuthLog}), never with the token.
 *
 * <p>Configuration: see {@link AuthConfig}. The constructor reads no secret (under SnapStart it runs when the version
 * is published, and a failure there would fail the deployment): secrets named by ARN are read when a handshake first
 * needs them, re-read when older than {@code SECRET_MAX_AGE_SECONDS} and after a SnapStart restore (the CRaC
 * {@link #afterRestore} hook); during a rotation both the AWSCURRENT and the AWSPREVIOUS values are accepted; a failed
 * read logs one line with the secret's ARN and the cause and keeps the last good values (see {@link RefreshingSecret}
 * and lambdas/README.md).
 */
public final class AuthorizerHandler implements RequestStreamHandler, Resource {
    /** principalId of Deny answers (the client never sees it). */
    static final String DENIED_PRINCIPAL = "denied";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenVerifier verifier;
    private final OriginGuard originGuard;
    private final AuthLog log;
    private final List<RefreshingSecret> secrets;

    /** Lambda's constructor: reads {@code System.getenv()} once. */
    public AuthorizerHandler() {
        this(System.getenv());
    }

    /**
     * The local API's and the tests' constructor: the same variables as a map (names in {@link EnvVars}). Secrets
     * named by ARN are read from Secrets Manager when first needed, never here.
     */
    public AuthorizerHandler(Map<String, String> env) {
        this(env, SecretsManagerSecrets.forRegion(env.get("AWS_REGION")), Clock.systemUTC(),
                new AuthLog(JSON, System.out, env.get(EnvVars.SERVICE_NAME), Clock.systemUTC()));
    }

    /** Tests: the variables with a fake secret source, a clock and a captured log. */
    AuthorizerHandler(Map<String, String> env, SecretFetcher secrets, Clock clock, AuthLog log) {
        this(AuthConfig.fromEnv(env, secrets, clock, log), log);
    }

    private AuthorizerHandler(AuthConfig config, AuthLog log) {
        this(config.verifier(), config.originGuard(), log, config.secrets());
        // SnapStart calls the hooks of registered resources; the global context may hold them weakly, the runtime
        // holds the handler (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html)
        Core.getGlobalContext().register(this);
    }

    AuthorizerHandler(TokenVerifier verifier, OriginGuard originGuard, AuthLog log) {
        this(verifier, originGuard, log, List.of());
    }

    private AuthorizerHandler(TokenVerifier verifier, OriginGuard originGuard, AuthLog log,
                              List<RefreshingSecret> secrets) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.originGuard = Objects.requireNonNull(originGuard, "originGuard");
        this.log = Objects.requireNonNull(log, "log");
        this.secrets = List.copyOf(secrets);
    }

    /** Before a SnapStart snapshot: drops any secret value held, so none is written into the snapshot. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        secrets.forEach(RefreshingSecret::forget);
    }

    /**
     * After a SnapStart restore: the next handshake re-reads every secret (a snapshot may be days old). The read is
     * not made here: {@code afterRestore} must finish within Lambda's 10 s restore limit, and a Secrets Manager call
     * that hangs or fails must not fail the restore; a failed read then keeps the last good values.
     */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        secrets.forEach(RefreshingSecret::invalidate);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String awsRequestId = context == null ? null : context.getAwsRequestId();
        AuthorizerEvent event;
        try {
            event = AuthorizerEvent.parse(JSON, input);
        } catch (IllegalArgumentException e) {
            log.decision("ERROR", "ERROR", "BAD_EVENT", null, awsRequestId, Map.of("error", e.getMessage()));
            throw new IllegalArgumentException("Bad authorizer event");
        }

        Reason origin;
        try {
            origin = originGuard.check(event.headers());
        } catch (VerifierUnavailableException e) {
            log.decision("ERROR", "ERROR", e.reason(), event, awsRequestId, e.fields());
            throw e;
        }
        if (origin != Reason.OK) {
            log.decision("WARN", "DENY", origin.name(), event, awsRequestId, Map.of());
            write(output, policy(DENIED_PRINCIPAL, "Deny", event.methodArn(), null));
            return;
        }

        Map<String, String> fields = new HashMap<>();
        fields.put("transport", event.token().transport().name());
        if (event.token().transport() == HandshakeToken.Transport.AMBIGUOUS) {
            log.decision("WARN", "DENY", Reason.AMBIGUOUS_TOKEN.name(), event, awsRequestId, fields);
            write(output, policy(DENIED_PRINCIPAL, "Deny", event.methodArn(), null));
            return;
        }
        Verdict verdict;
        try {
            verdict = verifier.verify(event.token().token());
        } catch (VerifierUnavailableException e) {
            log.decision("ERROR", "ERROR", e.reason(), event, awsRequestId, e.fields());
            throw e;
        }
        fields.put("alg", verdict.alg());
        fields.put("kid", verdict.kid());
        if (verdict.reason() == Reason.MISSING_TOKEN) {
            log.decision("WARN", "UNAUTHORIZED", verdict.reason().name(), event, awsRequestId, fields);
            throw new UnauthorizedException();
        }
        if (!verdict.allowed()) {
            log.decision("WARN", "DENY", verdict.reason().name(), event, awsRequestId, fields);
            write(output, policy(DENIED_PRINCIPAL, "Deny", event.methodArn(), null));
            return;
        }
        fields.put("userId", verdict.subject());
        log.decision("INFO", "ALLOW", verdict.reason().name(), event, awsRequestId, fields);
        write(output, policy(verdict.subject(), "Allow", event.methodArn(), verdict.subject()));
    }

    private static ObjectNode policy(String principalId, String effect, String methodArn, String userId) {
        ObjectNode root = JSON.createObjectNode();
        root.put("principalId", principalId);
        ObjectNode document = root.putObject("policyDocument");
        document.put("Version", "2012-10-17");
        ObjectNode statement = document.putArray("Statement").addObject();
        statement.put("Action", "execute-api:Invoke");
        statement.put("Effect", effect);
        statement.put("Resource", methodArn);
        if (userId != null) {
            root.putObject("context").put("userId", userId);
        }
        return root;
    }

    private static void write(OutputStream output, ObjectNode response) throws IOException {
        output.write(JSON.writeValueAsBytes(response));
        output.flush();
    }
}
