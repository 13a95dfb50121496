package dev.switchboard.blueprint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edge web ACL's rules, the same for every renderer: which AWS managed rules could block a valid WebSocket
 * handshake and how each is handled. Rules and labels are those of AWS WAF's "Baseline rule groups" and "Known bad
 * inputs" pages (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html).
 * <ul>
 *   <li>{@code NoUserAgent_HEADER} counts only: wscat, the {@code ws} library, the JDK client and most IoT clients
 *   send no {@code User-Agent} on the handshake.</li>
 *   <li>{@code SizeRestrictions_QUERYSTRING} (2,048 bytes) counts only; the ACL's own {@value #QUERY_SIZE_RULE} rule
 *   blocks query strings over {@link Handshake#maxQueryStringBytes(Limits)}, the size the authorizer's token limit
 *   implies.</li>
 *   <li>The rules that inspect the query string for patterns (cross-site scripting, LFI, RFI, restricted extensions,
 *   EC2 metadata SSRF, Java deserialization, Log4j) count in their groups and are re-applied by
 *   {@value #QUERY_PATTERN_RULE}: a request they labelled is blocked unless its query string is a well-formed
 *   handshake ({@link #HANDSHAKE_QUERY_REGEX}: a base64url JWT and an optional room name), whose alphabet cannot carry
 *   those attacks but can contain their trigger strings by chance (for example {@code rO0AB} in a signature).</li>
 * </ul>
 * The header transport's {@code Sec-WebSocket-Protocol} ({@link Handshake#PROTOCOL_HEADER}) carries the token too:
 * the ACL's own {@value #PROTOCOL_HEADER_SIZE_RULE} rule blocks a value over
 * {@link Handshake#maxProtocolHeaderBytes(Limits)}, as the query size rule bounds the query string. No managed rule of
 * these groups limits that header's size; the header-inspecting rules ({@code JavaDeserializationRCE_HEADER},
 * {@code Log4JRCE_HEADER}) keep blocking: their patterns need characters a subprotocol name cannot hold ({@code $},
 * {@code (}, {@code "}, spaces), except a base64 prefix of serialized Java objects, which a token carries by chance
 * about once in a billion handshakes (a five-character string in the few hundred random characters of a signature).
 * CloudFront forwards the header to the API and its answer back with the managed origin request policy
 * {@code AllViewerExceptHostHeader} ({@link #FORWARDING_ORIGIN_REQUEST_POLICIES}).
 *
 * <p>Every other managed rule keeps its Block action.
 */
public final class EdgeRules {
    public static final String COMMON = "AWSManagedRulesCommonRuleSet";
    public static final String KNOWN_BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet";
    public static final String IP_REPUTATION = "AWSManagedRulesAmazonIpReputationList";
    /** Managed rule groups, in priority order after the ACL's own rate and size rules. */
    public static final List<String> MANAGED_RULE_GROUPS = List.of(COMMON, KNOWN_BAD_INPUTS, IP_REPUTATION);
    /** The per-IP rate-based rule. */
    public static final String RATE_RULE = "rate-per-ip";
    /** The ACL's own query string size rule (in place of SizeRestrictions_QUERYSTRING). */
    public static final String QUERY_SIZE_RULE = "query-string-size";
    /** The ACL's own size rule on {@code Sec-WebSocket-Protocol}, the header transport's token. */
    public static final String PROTOCOL_HEADER_SIZE_RULE = "protocol-header-size";
    /**
     * Ids of the managed origin request policies that forward every viewer header, {@code Sec-WebSocket-Protocol}
     * included: AllViewer and AllViewerExceptHostHeader (CloudFront "Use managed origin request policies",
     * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html).
     */
    public static final List<String> FORWARDING_ORIGIN_REQUEST_POLICIES = List.of(
            "216adef6-5c7f-47e4-b989-5492eafa07d3", "b689b0a8-53d0-40ab-baf2-68738e2966ac");
    /** The ACL's own rule that re-blocks the counted query-string pattern rules outside well-formed handshakes. */
    public static final String QUERY_PATTERN_RULE = "query-string-patterns";

    /**
     * A base64url JWT in {@code token} and an optional room name, in either order; nothing else. Non-capturing groups
     * only: AWS WAF rejects capturing subexpressions
     * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-regex-pattern-support.html).
     */
    public static final String HANDSHAKE_QUERY_REGEX = "^(?:room=(?:[A-Za-z0-9_.:@-]|%3[Aa]|%40)+&)?"
            + "token=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+(?:&room=(?:[A-Za-z0-9_.:@-]|%3[Aa]|%40)+)?$";

    private static final String CRS = "awswaf:managed:aws:core-rule-set:";
    private static final String KBI = "awswaf:managed:aws:known-bad-inputs:";

    /** How a managed rule that could block a valid handshake is handled. */
    public enum Handling {
        /** Counts only (never blocks). */
        COUNT,
        /** Counts in its group; {@link #QUERY_SIZE_RULE} blocks in its place with the handshake's size. */
        REPLACED_BY_SIZE_RULE,
        /** Counts in its group; {@link #QUERY_PATTERN_RULE} blocks its label outside well-formed handshakes. */
        SCOPED_TO_NON_HANDSHAKES
    }

    /** A managed rule that could block a valid handshake: group, rule name, label, handling and why. */
    public record RiskyRule(String group, String name, String label, Handling handling, String reason) {
    }

    /** Every managed rule of {@link #MANAGED_RULE_GROUPS} that could block a valid handshake. */
    public static final List<RiskyRule> HANDSHAKE_RISKS = List.of(
            new RiskyRule(COMMON, "NoUserAgent_HEADER", CRS + "NoUserAgent_Header", Handling.COUNT,
                    "WebSocket clients (wscat, ws, the JDK) send no User-Agent"),
            new RiskyRule(COMMON, "SizeRestrictions_QUERYSTRING", CRS + "SizeRestrictions_QueryString",
                    Handling.REPLACED_BY_SIZE_RULE, "blocks query strings over 2,048 bytes; tokens ride in the query"),
            new RiskyRule(COMMON, "CrossSiteScripting_QUERYARGUMENTS", CRS + "CrossSiteScripting_QueryArguments",
                    Handling.SCOPED_TO_NON_HANDSHAKES, "inspects query arguments, the token among them"),
            new RiskyRule(COMMON, "GenericLFI_QUERYARGUMENTS", CRS + "GenericLFI_QueryArguments",
                    Handling.SCOPED_TO_NON_HANDSHAKES, "inspects query arguments, the token among them"),
            new RiskyRule(COMMON, "GenericRFI_QUERYARGUMENTS", CRS + "GenericRFI_QueryArguments",
                    Handling.SCOPED_TO_NON_HANDSHAKES, "inspects query arguments, the token among them"),
            new RiskyRule(COMMON, "RestrictedExtensions_QUERYARGUMENTS", CRS + "RestrictedExtensions_QueryArguments",
                    Handling.SCOPED_TO_NON_HANDSHAKES, "a JWT has dots; its last segment follows one"),
            new RiskyRule(COMMON, "EC2MetaDataSSRF_QUERYARGUMENTS", CRS + "EC2MetaDataSSRF_QueryArguments",
                    Handling.SCOPED_TO_NON_HANDSHAKES, "inspects query arguments, the token among them"),
            new RiskyRule(KNOWN_BAD_INPUTS, "JavaDeserializationRCE_QUERYSTRING",
                    KBI + "JavaDeserializationRCE_QueryString", Handling.SCOPED_TO_NON_HANDSHAKES,
                    "looks for base64 of serialized Java objects (rO0AB...), which random base64url can contain"),
            new RiskyRule(KNOWN_BAD_INPUTS, "Log4JRCE_QUERYSTRING", KBI + "Log4JRCE_QueryString",
                    Handling.SCOPED_TO_NON_HANDSHAKES, "inspects the query string, the token in it"));

    private EdgeRules() {
    }

    /** Group name to the names of its rules that count instead of blocking, in {@link #HANDSHAKE_RISKS} order. */
    public static Map<String, List<String>> countedRules() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String g : MANAGED_RULE_GROUPS) {
            out.put(g, HANDSHAKE_RISKS.stream().filter(r -> r.group().equals(g)).map(RiskyRule::name).toList());
        }
        return out;
    }

    /** The labels {@link #QUERY_PATTERN_RULE} re-blocks. */
    public static List<String> scopedLabels() {
        return HANDSHAKE_RISKS.stream().filter(r -> r.handling() == Handling.SCOPED_TO_NON_HANDSHAKES)
                .map(RiskyRule::label).toList();
    }
}
