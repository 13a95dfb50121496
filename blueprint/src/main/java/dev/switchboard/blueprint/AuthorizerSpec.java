package dev.switchboard.blueprint;

/**
 * The REQUEST Lambda authorizer on {@code $connect}.
 *
 * @param name           authorizer name in API Gateway
 * @param function       the {@link FunctionSpec#name()} that validates the token
 * @param identitySource where the token comes from; browsers cannot set handshake headers, so the default is the
 *                       {@code token} query string parameter
 */
public record AuthorizerSpec(String name, String function, String identitySource) {
    public static final String QUERY_TOKEN = "route.request.querystring.token";

    public AuthorizerSpec {
        Check.notBlank("authorizer.name", name, "name the authorizer, e.g. 'jwt'");
        Check.notBlank("authorizer.function", function, "name the authorizer function");
        Check.notBlank("authorizer.identitySource", identitySource, "use " + QUERY_TOKEN);
        if (!identitySource.startsWith("route.request.")) {
            throw new BlueprintException("authorizer.identitySource", "'" + identitySource + "' is not a WebSocket identity source",
                    "use route.request.querystring.<name> or route.request.header.<name>");
        }
    }
}
