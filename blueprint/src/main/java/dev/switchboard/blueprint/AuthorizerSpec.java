package dev.switchboard.blueprint;

import java.util.List;

/**
 * The REQUEST Lambda authorizer on {@code $connect}.
 *
 * <p>The authorizer reads the token itself, from either transport of docs/protocol.md (the {@code token} query
 * parameter or a {@code bearer.<JWT>} offer in {@code Sec-WebSocket-Protocol}), so the token is not an identity
 * source: API Gateway requires every identity source to be present and answers 401 without invoking the authorizer
 * otherwise (API Gateway v2 API reference, Authorizer {@code identitySource}: "For a REQUEST authorizer, this is
 * optional",
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html), and one source per
 * transport would refuse every handshake that uses the other. The cloud renderers add the CloudFront origin header
 * as an identity source when the edge is on ({@link #withOriginHeader(String)}).
 *
 * @param name            authorizer name in API Gateway
 * @param function        the {@link FunctionSpec#name()} that validates the token
 * @param identitySources mapping expressions API Gateway requires before invoking the authorizer
 *                        ({@code route.request.header.<name>} or {@code route.request.querystring.<name>}); default
 *                        none ({@link #reference(String)})
 */
public record AuthorizerSpec(String name, String function, List<String> identitySources) {
    /** The query transport's parameter, as an identity source (not one by default: see the class comment). */
    public static final String QUERY_TOKEN = "route.request.querystring.token";
    private static final String HEADER_SOURCE = "route.request.header.";

    public AuthorizerSpec {
        Check.notBlank("authorizer.name", name, "name the authorizer, e.g. 'jwt'");
        Check.notBlank("authorizer.function", function, "name the authorizer function");
        identitySources = List.copyOf(identitySources == null ? List.of() : identitySources);
        for (String s : identitySources) {
            if (s == null || !(s.startsWith("route.request.querystring.") || s.startsWith(HEADER_SOURCE))
                    || s.endsWith(".")) {
                throw new BlueprintException("authorizer.identitySources", "'" + s + "' is not a WebSocket identity source",
                        "use route.request.querystring.<name> or route.request.header.<name>, or none");
            }
            if (s.equals(QUERY_TOKEN)) {
                throw new BlueprintException("authorizer.identitySources", "'" + s + "' would refuse (401) every"
                        + " handshake that carries its token in Sec-WebSocket-Protocol",
                        "leave the token out of the identity sources: the authorizer reads it from either transport");
            }
        }
    }

    /** The reference authorizer: name {@code jwt}, no identity source. */
    public static AuthorizerSpec reference(String function) {
        return new AuthorizerSpec("jwt", function, List.of());
    }

    /** A copy that also requires {@code header} (the CloudFront origin header) before the authorizer runs. */
    public AuthorizerSpec withOriginHeader(String header) {
        String source = HEADER_SOURCE + header;
        if (identitySources.contains(source)) {
            return this;
        }
        List<String> out = new java.util.ArrayList<>(identitySources);
        out.add(source);
        return new AuthorizerSpec(name, function, out);
    }
}
