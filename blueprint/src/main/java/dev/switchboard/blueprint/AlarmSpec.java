package dev.switchboard.blueprint;

import java.util.List;

/**
 * One CloudWatch alarm, applied to every resource of its kind.
 *
 * @param id                short id, unique per kind, used in alarm names
 * @param kind              which resources it watches
 * @param metric            the metric name in the kind's namespace
 * @param statistic         {@code Sum}, {@code Average}, {@code Maximum} or a percentile such as {@code p99}
 * @param threshold         the threshold; with {@code relativeToTimeout}, a fraction of the function's timeout
 * @param evaluationPeriods periods that must breach
 * @param periodSeconds     period length
 * @param relativeToTimeout whether {@code threshold} is a fraction of the function's timeout (Duration alarms)
 */
public record AlarmSpec(String id, Kind kind, String metric, String statistic, double threshold,
                        int evaluationPeriods, int periodSeconds, boolean relativeToTimeout) {

    /** The kind of resource an alarm watches, with its CloudWatch namespace. */
    public enum Kind {
        API("AWS/ApiGateway"),
        FUNCTION("AWS/Lambda"),
        TABLE("AWS/DynamoDB"),
        WAF("AWS/WAFV2");

        private final String namespace;

        Kind(String namespace) {
            this.namespace = namespace;
        }

        public String namespace() {
            return namespace;
        }
    }

    public AlarmSpec {
        Check.notBlank("alarms[].id", id, "give the alarm a short id");
        String field = "alarms." + id;
        if (kind == null) {
            throw new BlueprintException(field + ".kind", "must be set", "use API, FUNCTION, TABLE or WAF");
        }
        Check.notBlank(field + ".metric", metric, "name the CloudWatch metric");
        Check.notBlank(field + ".statistic", statistic, "use Sum, Average, Maximum or pNN");
        if (!statistic.matches("Sum|Average|Maximum|Minimum|SampleCount|p\\d{1,2}(\\.\\d+)?")) {
            throw new BlueprintException(field + ".statistic", "'" + statistic + "' is not a statistic",
                    "use Sum, Average, Maximum, Minimum, SampleCount or pNN");
        }
        if (!(threshold > 0)) {
            throw new BlueprintException(field + ".threshold", "must be greater than zero", "set a positive threshold");
        }
        if (relativeToTimeout && (kind != Kind.FUNCTION || threshold > 1)) {
            throw new BlueprintException(field + ".threshold", "a timeout-relative threshold must be a fraction"
                    + " (0-1] on a FUNCTION alarm", "use e.g. 0.8 for 80% of the timeout");
        }
        Check.between(field + ".evaluationPeriods", evaluationPeriods, 1, 100);
        if (periodSeconds != 10 && periodSeconds != 30 && (periodSeconds < 60 || periodSeconds % 60 != 0)) {
            throw new BlueprintException(field + ".periodSeconds", "CloudWatch accepts 10, 30 or a multiple of 60, got "
                    + periodSeconds, "use 60 or 300");
        }
    }

    /**
     * API metrics a single client can drive up: {@code ClientError} (API Gateway's 4XX before the integration runs:
     * authorizer denials, throttling) and {@code IntegrationError} (the integration's 4XX and 5XX; {@code $connect}
     * answers 400 to a bad handshake). https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html
     */
    public static final java.util.Set<String> CLIENT_DRIVEN_API_METRICS = java.util.Set.of("ClientError",
            "IntegrationError");

    /**
     * Whether this alarm decides a region's health behind a custom domain (its Route 53 health check): an API alarm
     * on a metric no single client can drive ({@code ExecutionError}: API Gateway could not call the integration).
     * One client sending bad tokens must not take a region out of DNS.
     */
    public boolean gatesRegionHealth() {
        return kind == Kind.API && !CLIENT_DRIVEN_API_METRICS.contains(metric);
    }

    /** The threshold for a function with this timeout. */
    public double thresholdFor(FunctionSpec fn) {
        return thresholdFor(fn.timeoutSeconds());
    }

    /** The threshold for a function whose timeout is {@code timeoutSeconds} (a function outside the blueprint). */
    public double thresholdFor(int timeoutSeconds) {
        return relativeToTimeout ? Math.floor(threshold * timeoutSeconds * 1000) : threshold;
    }

    /** The reference alarms: API Gateway errors, Lambda errors/throttles/slow p99, DynamoDB throttles, WAF blocks. */
    public static List<AlarmSpec> defaults() {
        return List.of(
                new AlarmSpec("integration-errors", Kind.API, "IntegrationError", "Sum", 5, 1, 300, false),
                new AlarmSpec("execution-errors", Kind.API, "ExecutionError", "Sum", 5, 1, 300, false),
                new AlarmSpec("client-error-surge", Kind.API, "ClientError", "Sum", 500, 1, 300, false),
                new AlarmSpec("errors", Kind.FUNCTION, "Errors", "Sum", 1, 1, 300, false),
                new AlarmSpec("throttles", Kind.FUNCTION, "Throttles", "Sum", 1, 1, 300, false),
                new AlarmSpec("duration-p99", Kind.FUNCTION, "Duration", "p99", 0.8, 3, 300, true),
                new AlarmSpec("throttled-requests", Kind.TABLE, "ThrottledRequests", "Sum", 1, 1, 300, false),
                new AlarmSpec("system-errors", Kind.TABLE, "SystemErrors", "Sum", 1, 1, 300, false),
                new AlarmSpec("blocked-requests", Kind.WAF, "BlockedRequests", "Sum", 1000, 1, 300, false));
    }
}
