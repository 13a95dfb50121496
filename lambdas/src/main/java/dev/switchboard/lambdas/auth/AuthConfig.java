package dev.switchboard.lambdas.auth;

import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Limits;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The authorizer's collaborators, built once from its environment variables (names in {@link EnvVars}).
 *
 * <ul>
 *   <li>Token keys: {@code JWT_SECRET_ARN} (AWS; the secret's complete ARN, read on first use, see
 *       {@link RefreshingSecret}) or {@code JWT_SECRET} (local/tests), not both, for HS256 (at least 32 bytes); and/or
 *       {@code JWT_JWKS_URL} for RS256/ES256 (an https:// URL; plain http only for a loopback host, in tests and
 *       local runs). At least one is required.</li>
 *   <li>{@code JWT_ISSUER} and {@code JWT_AUDIENCE}: required.</li>
 *   <li>{@code MAX_TOKEN_BYTES} (optional, {@value #MIN_TOKEN_BYTES} to {@value #MAX_TOKEN_BYTES}; default
 *       {@link JwtVerifier#DEFAULT_MAX_TOKEN_BYTES}, the blueprint's {@code limits.maxTokenBytes}): larger tokens are
 *       denied, as the edge web ACL's query-string size rule, rendered from the same blueprint value, would block
 *       them.</li>
 *   <li>{@code SECRET_MAX_AGE_SECONDS} (optional, {@value #MIN_SECRET_MAX_AGE_SECONDS} to
 *       {@value #MAX_SECRET_MAX_AGE_SECONDS}; default the blueprint's {@code limits.secretMaxAge}, 300): how long a
 *       secret read by ARN is used before it is re-read (see {@link RefreshingSecret}).</li>
 *   <li>{@code ORIGIN_HEADER_NAME} (optional) with {@code ORIGIN_SECRET_ARN} or {@code ORIGIN_SECRET}: when the name is
 *       set, every request must carry that header with the secret value.</li>
 * </ul>
 * A missing or contradictory setting fails with an {@link IllegalStateException} naming the variable and the fix; no
 * message ever contains a secret value.
 */
public record AuthConfig(TokenVerifier verifier, OriginGuard originGuard, List<RefreshingSecret> secrets) {
    /** The range {@code MAX_TOKEN_BYTES} may take (the blueprint's {@code limits.maxTokenBytes} range). */
    public static final int MIN_TOKEN_BYTES = 512;
    public static final int MAX_TOKEN_BYTES = Limits.MAX_TOKEN_BYTES;
    /** How long a secret read from Secrets Manager is used when none is configured (the blueprint's default). */
    public static final Duration DEFAULT_SECRET_MAX_AGE = Limits.defaults().secretMaxAge();
    /** The range {@code SECRET_MAX_AGE_SECONDS} may take (the blueprint's {@code limits.secretMaxAge} range). */
    public static final int MIN_SECRET_MAX_AGE_SECONDS = 10;
    public static final int MAX_SECRET_MAX_AGE_SECONDS = 3600;

    public AuthConfig {
        secrets = List.copyOf(secrets);
    }

    /**
     * Reads the variables. Nothing is fetched here: the secrets named by ARN are read through {@code fetcher} when a
     * handshake first needs them (see {@link RefreshingSecret}), so a bad ARN or a missing permission cannot fail init.
     */
    public static AuthConfig fromEnv(Map<String, String> env, SecretFetcher fetcher, Clock clock, AuthLog log) {
        String issuer = required(env, EnvVars.JWT_ISSUER, "the iss claim your tokens carry (dev tokens: switchboard-local)");
        String audience = required(env, EnvVars.JWT_AUDIENCE, "the aud your tokens carry (dev tokens: switchboard)");
        List<RefreshingSecret> refreshing = new ArrayList<>();
        Duration maxAge = Duration.ofSeconds(integer(env, EnvVars.SECRET_MAX_AGE_SECONDS,
                (int) DEFAULT_SECRET_MAX_AGE.toSeconds(), MIN_SECRET_MAX_AGE_SECONDS, MAX_SECRET_MAX_AGE_SECONDS));
        SecretValues secret = oneOf(env, EnvVars.JWT_SECRET, EnvVars.JWT_SECRET_ARN, fetcher, AuthConfig::hmacKey,
                maxAge, clock, log, refreshing);
        String jwksUrl = optional(env, EnvVars.JWT_JWKS_URL);
        if (secret == null && jwksUrl == null) {
            throw new IllegalStateException("no token key is configured: set " + EnvVars.JWT_SECRET_ARN + " (or "
                    + EnvVars.JWT_SECRET + " locally) for HS256 tokens and/or " + EnvVars.JWT_JWKS_URL
                    + " for RS256/ES256 tokens");
        }
        if (env.get(EnvVars.JWT_SECRET_ARN) == null && secret != null) {
            int bytes = secret.values().get(0).getBytes(StandardCharsets.UTF_8).length;
            if (bytes < JwtVerifier.MIN_SECRET_BYTES) {
                throw new IllegalStateException("the HS256 secret (" + EnvVars.JWT_SECRET + ") has " + bytes
                        + " bytes; use at least 32 (e.g. 'openssl rand -base64 48')");
            }
        }
        int maxTokenBytes = integer(env, EnvVars.MAX_TOKEN_BYTES, JwtVerifier.DEFAULT_MAX_TOKEN_BYTES,
                MIN_TOKEN_BYTES, MAX_TOKEN_BYTES);
        var verifier = new JwtVerifier(secret, jwksUrl == null ? null : JwtVerifier.remoteJwks(url(jwksUrl)),
                issuer, audience, clock, maxTokenBytes);

        String originHeader = optional(env, EnvVars.ORIGIN_HEADER_NAME);
        SecretValues originSecret = oneOf(env, EnvVars.ORIGIN_SECRET, EnvVars.ORIGIN_SECRET_ARN, fetcher, v -> v,
                maxAge, clock, log, refreshing);
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
        return new AuthConfig(verifier, guard, refreshing);
    }

    private static SecretValues oneOf(Map<String, String> env, String plainName, String arnName, SecretFetcher fetcher,
                                      UnaryOperator<String> check, Duration maxAge, Clock clock, AuthLog log,
                                      List<RefreshingSecret> refreshing) {
        String plain = optional(env, plainName);
        String arn = optional(env, arnName);
        if (plain != null && arn != null) {
            throw new IllegalStateException("both " + plainName + " and " + arnName + " are set: keep one ("
                    + arnName + " in AWS, " + plainName + " locally)");
        }
        if (arn == null) {
            return plain == null ? null : SecretValues.fixed(plain);
        }
        RefreshingSecret secret = new RefreshingSecret(arn.strip(), fetcher, check, maxAge, clock, log);
        refreshing.add(secret);
        return secret;
    }

    /** The check of an HS256 key read from Secrets Manager: at least {@link JwtVerifier#MIN_SECRET_BYTES}. */
    private static String hmacKey(String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < JwtVerifier.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the HS256 secret has " + bytes + " bytes; store at least "
                    + JwtVerifier.MIN_SECRET_BYTES + " (e.g. 'openssl rand -base64 48')");
        }
        return value;
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = optional(env, name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " '" + value + "' is not a whole number: set it to a number from "
                    + min + " to " + max + ", or leave it unset for " + fallback);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalStateException(name + " is " + parsed + ": set it to a number from " + min + " to " + max
                    + ", or leave it unset for " + fallback);
        }
        return parsed;
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
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(EnvVars.JWT_JWKS_URL + " '" + value + "' is not a valid URL: set it to the"
                    + " https:// address of your issuer's JWKS", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalStateException(EnvVars.JWT_JWKS_URL + " '" + value + "' is not an https:// URL: set it"
                    + " to the https:// address of your issuer's JWKS");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IllegalStateException(EnvVars.JWT_JWKS_URL + " '" + value + "' is plain http, so anyone on the"
                    + " path could substitute their own keys: use the issuer's https:// JWKS address (http is accepted"
                    + " only for a loopback host, localhost, 127.x.x.x or [::1], in tests and local runs)");
        }
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException(EnvVars.JWT_JWKS_URL + " '" + value + "' is not a valid URL: set it to the"
                    + " https:// address of your issuer's JWKS", e);
        }
    }

    /** A loopback host by its literal name or address; no DNS lookup. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
