package dev.switchboard.lambdas.auth;

import dev.switchboard.blueprint.EnvVars;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * The authorizer's collaborators, built once from its environment variables (names in {@link EnvVars}).
 *
 * <ul>
 *   <li>Token keys: {@code JWT_SECRET_ARN} (AWS; fetched once, here) or {@code JWT_SECRET} (local/tests), not both,
 *       for HS256 (at least 32 bytes); and/or {@code JWT_JWKS_URL} for RS256/ES256. At least one is required.</li>
 *   <li>{@code JWT_ISSUER} and {@code JWT_AUDIENCE}: required.</li>
 *   <li>{@code ORIGIN_HEADER_NAME} (optional) with {@code ORIGIN_SECRET_ARN} or {@code ORIGIN_SECRET}: when the name is
 *       set, every request must carry that header with the secret value.</li>
 * </ul>
 * A missing or contradictory setting fails with an {@link IllegalStateException} naming the variable and the fix; no
 * message ever contains a secret value.
 */
public record AuthConfig(TokenVerifier verifier, OriginGuard originGuard) {

    /** Reads the variables; fetches the secrets named by ARN through {@code secrets}. */
    public static AuthConfig fromEnv(Map<String, String> env, SecretFetcher secrets) {
        String issuer = required(env, EnvVars.JWT_ISSUER, "the iss claim your tokens carry (dev tokens: switchboard-local)");
        String audience = required(env, EnvVars.JWT_AUDIENCE, "the aud your tokens carry (dev tokens: switchboard)");
        String secret = oneOf(env, EnvVars.JWT_SECRET, EnvVars.JWT_SECRET_ARN, secrets);
        String jwksUrl = optional(env, EnvVars.JWT_JWKS_URL);
        if (secret == null && jwksUrl == null) {
            throw new IllegalStateException("no token key is configured: set " + EnvVars.JWT_SECRET_ARN + " (or "
                    + EnvVars.JWT_SECRET + " locally) for HS256 tokens and/or " + EnvVars.JWT_JWKS_URL
                    + " for RS256/ES256 tokens");
        }
        byte[] secretBytes = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        if (secretBytes != null && secretBytes.length < 32) {
            throw new IllegalStateException("the HS256 secret (" + (env.get(EnvVars.JWT_SECRET_ARN) != null
                    ? EnvVars.JWT_SECRET_ARN : EnvVars.JWT_SECRET) + ") has " + secretBytes.length
                    + " bytes; use at least 32 (e.g. 'openssl rand -base64 48')");
        }
        var verifier = new JwtVerifier(secretBytes, jwksUrl == null ? null : JwtVerifier.remoteJwks(url(jwksUrl)),
                issuer, audience, Clock.systemUTC());

        String originHeader = optional(env, EnvVars.ORIGIN_HEADER_NAME);
        String originSecret = oneOf(env, EnvVars.ORIGIN_SECRET, EnvVars.ORIGIN_SECRET_ARN, secrets);
        OriginGuard guard;
        if (originHeader == null) {
            if (originSecret != null) {
                throw new IllegalStateException("an origin secret is set but " + EnvVars.ORIGIN_HEADER_NAME
                        + " is not: set the header name too, or remove the secret");
            }
            guard = OriginGuard.disabled();
        } else {
            if (originSecret == null) {
                throw new IllegalStateException(EnvVars.ORIGIN_HEADER_NAME + " is set but neither "
                        + EnvVars.ORIGIN_SECRET_ARN + " nor " + EnvVars.ORIGIN_SECRET + " is: set one of them");
            }
            guard = OriginGuard.requiring(originHeader, originSecret);
        }
        return new AuthConfig(verifier, guard);
    }

    private static String oneOf(Map<String, String> env, String plainName, String arnName, SecretFetcher secrets) {
        String plain = optional(env, plainName);
        String arn = optional(env, arnName);
        if (plain != null && arn != null) {
            throw new IllegalStateException("both " + plainName + " and " + arnName + " are set: keep one ("
                    + arnName + " in AWS, " + plainName + " locally)");
        }
        return arn != null ? secrets.fetch(arn) : plain;
    }

    private static String required(Map<String, String> env, String name, String hint) {
        String value = optional(env, name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: set it to " + hint);
        }
        return value;
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static URL url(String value) {
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalStateException(EnvVars.JWT_JWKS_URL + " '" + value + "' is not an http(s) URL");
            }
            return uri.toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException(EnvVars.JWT_JWKS_URL + " '" + value + "' is not a valid URL", e);
        }
    }
}
