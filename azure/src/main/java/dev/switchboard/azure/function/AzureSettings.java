package dev.switchboard.azure.function;

import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The event handler's configuration, read once from the Function App's settings (environment variables) at the entry
 * point and validated there; every error names the setting and the fix.
 *
 * <ul>
 *   <li>{@value #CONNECTION_STRING} (required): the Web PubSub connection string; its access key signs events.</li>
 *   <li>{@value #SECONDARY_KEY} (optional): the other access key, so events signed with either verify while the
 *       keys rotate.</li>
 *   <li>{@value #HUB} (default {@value #DEFAULT_HUB}): the hub this handler serves; events of other hubs are 400.</li>
 *   <li>{@value #ALLOWED_ORIGINS} (default: the host of the connection string's endpoint, with its port when it
 *       names one): the comma-separated service hosts whose abuse-protection request is answered.</li>
 *   <li>{@value #TABLES_CONNECTION_STRING} (required): the storage account holding the state.</li>
 *   <li>{@code TABLE_NAME} (default {@value #DEFAULT_TABLE}).</li>
 *   <li>Tokens as on AWS: {@code JWT_SECRET} and/or {@code JWT_JWKS_URL}, {@code JWT_ISSUER}, {@code JWT_AUDIENCE}.</li>
 *   <li>Limits as on AWS ({@link EnvVars}), blueprint defaults when unset: {@code MAX_DATA_BYTES},
 *       {@code RATE_PER_SECOND}, {@code RATE_BURST}, {@code PRESENCE_MAX_MEMBERS}, {@code MEMBERS_PAGE_SIZE},
 *       {@code MAX_CONNECTIONS_PER_USER}, {@code MAX_TOKEN_BYTES}.</li>
 * </ul>
 */
public record AzureSettings(WebPubSubConnectionString webPubSub, List<String> accessKeys, String hub,
                            List<String> allowedOrigins, String tablesConnectionString, String tableName,
                            String jwtSecret, String jwksUrl, String issuer, String audience, Limits limits) {
    public static final String CONNECTION_STRING = "WEBPUBSUB_CONNECTION_STRING";
    public static final String SECONDARY_KEY = "WEBPUBSUB_SECONDARY_KEY";
    public static final String HUB = "WEBPUBSUB_HUB";
    public static final String ALLOWED_ORIGINS = "WEBPUBSUB_ALLOWED_ORIGINS";
    public static final String TABLES_CONNECTION_STRING = "TABLES_CONNECTION_STRING";
    public static final String DEFAULT_HUB = "switchboard";
    public static final String DEFAULT_TABLE = "switchboard";
    /** Hub names: a letter, then letters, digits and underscores (Web PubSub's rule), at most 128 characters. */
    private static final Pattern HUB_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");

    public AzureSettings {
        accessKeys = List.copyOf(accessKeys);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    @Override
    public String toString() {
        return "AzureSettings[endpoint=" + webPubSub.endpoint() + ", hub=" + hub + ", table=" + tableName + "]";
    }

    /** Reads and validates the settings. */
    public static AzureSettings fromEnv(Map<String, String> env) {
        WebPubSubConnectionString wps = WebPubSubConnectionString.parse(CONNECTION_STRING, env.get(CONNECTION_STRING));
        List<String> keys = new ArrayList<>(List.of(wps.accessKey()));
        String secondary = env.get(SECONDARY_KEY);
        if (secondary != null && !secondary.isBlank()) {
            keys.add(secondary.trim());
        }
        String hub = env.getOrDefault(HUB, DEFAULT_HUB);
        if (!HUB_NAME.matcher(hub).matches()) {
            throw new IllegalArgumentException(HUB + " '" + hub + "' is not a hub name: use a letter, then letters,"
                    + " digits or underscores");
        }
        List<String> origins = new ArrayList<>();
        String configured = env.get(ALLOWED_ORIGINS);
        if (configured == null || configured.isBlank()) {
            origins.add(wps.endpoint().getAuthority());
        } else {
            for (String o : configured.split(",")) {
                if (!o.isBlank()) {
                    origins.add(o.trim());
                }
            }
        }
        String tables = env.get(TABLES_CONNECTION_STRING);
        if (tables == null || tables.isBlank()) {
            throw new IllegalArgumentException(TABLES_CONNECTION_STRING + " is not set: set it to the storage"
                    + " account's connection string (the one the state tables live in)");
        }
        String secret = blankToNull(env.get(EnvVars.JWT_SECRET));
        String jwks = blankToNull(env.get(EnvVars.JWT_JWKS_URL));
        if (secret == null && jwks == null) {
            throw new IllegalArgumentException("neither " + EnvVars.JWT_SECRET + " nor " + EnvVars.JWT_JWKS_URL
                    + " is set: set the HS256 secret (at least 32 bytes) or the JWKS URL of your token issuer");
        }
        String issuer = require(env, EnvVars.JWT_ISSUER, "the iss your tokens carry");
        String audience = require(env, EnvVars.JWT_AUDIENCE, "the aud your tokens carry");
        Limits d = Limits.defaults();
        Limits limits = d.toBuilder()
                .maxDataBytes(integer(env, EnvVars.MAX_DATA_BYTES, d.maxDataBytes()))
                .messageRatePerSecond(integer(env, EnvVars.RATE_PER_SECOND, d.messageRatePerSecond()))
                .messageBurst(integer(env, EnvVars.RATE_BURST, d.messageBurst()))
                .presenceMaxMembers(integer(env, EnvVars.PRESENCE_MAX_MEMBERS, d.presenceMaxMembers()))
                .membersPageSize(integer(env, EnvVars.MEMBERS_PAGE_SIZE, d.membersPageSize()))
                .maxConnectionsPerUser(integer(env, EnvVars.MAX_CONNECTIONS_PER_USER, d.maxConnectionsPerUser()))
                .maxTokenBytes(integer(env, EnvVars.MAX_TOKEN_BYTES, d.maxTokenBytes()))
                .build();
        return new AzureSettings(wps, keys, hub, origins, tables,
                env.getOrDefault(EnvVars.TABLE_NAME, DEFAULT_TABLE), secret, jwks, issuer, audience, limits);
    }

    private static String require(Map<String, String> env, String field, String what) {
        String v = blankToNull(env.get(field));
        if (v == null) {
            throw new IllegalArgumentException(field + " is not set: set it to " + what);
        }
        return v;
    }

    private static int integer(Map<String, String> env, String field, int fallback) {
        String v = blankToNull(env.get(field));
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + v + "' is not a whole number: set a whole number or"
                    + " unset it for the default " + fallback, e);
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
