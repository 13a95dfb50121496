package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import dev.switchboard.blueprint.AlarmSpec;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nearest analogs of the blueprint's CloudWatch alarms that Azure Monitor has, each a static-threshold metric
 * alert notifying the action group. Threshold, period and periods to breach are the blueprint alarm's (one model);
 * only the metric differs. An alarm with no analog here is not rendered (docs/azure.md lists them). Metrics:
 * https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-web-sites-metrics,
 * https://learn.microsoft.com/azure/azure-web-pubsub/concept-metrics (ConnectionCloseCount by
 * ConnectionCloseCategory), https://learn.microsoft.com/azure/storage/tables/monitor-table-storage-reference
 * (Transactions by ResponseType).
 */
public final class AzureAlerts {
    /** What an analog watches. */
    public enum Target { FUNCTION, WEB_PUBSUB, TABLES }

    /**
     * One analog.
     *
     * @param alarmId    the blueprint alarm it stands for (its threshold and window are used)
     * @param name       the alert's name suffix
     * @param target     the resource it watches
     * @param namespace  the metric namespace
     * @param metric     the metric
     * @param dimension  the dimension filtered on, or null
     * @param values     the dimension's values counted
     * @param watches    what it means, for the alert's description
     */
    public record Analog(String alarmId, String name, Target target, String namespace, String metric,
                         String dimension, List<String> values, String watches) {
    }

    /** The analogs, in the order they are declared. */
    public static final List<Analog> ANALOGS = List.of(
            new Analog("errors", "function-5xx", Target.FUNCTION, "Microsoft.Web/sites", "Http5xx", null,
                    List.of(), "the function's HTTP 5xx answers (Lambda Errors)"),
            new Analog("integration-errors", "event-handler-failures", Target.WEB_PUBSUB,
                    "Microsoft.SignalRService/WebPubSub", "ConnectionCloseCount", "ConnectionCloseCategory",
                    List.of("SendEventFailed", "EventHandlerNotFound"),
                    "connections closed because the event handler failed or was not found (API Gateway"
                            + " IntegrationError)"),
            new Analog("throttles", "throttled-connections", Target.WEB_PUBSUB, "Microsoft.SignalRService/WebPubSub",
                    "ConnectionCloseCount", "ConnectionCloseCategory", List.of("Throttled"),
                    "connections closed by the service's connection or traffic throttling (Lambda Throttles)"),
            new Analog("throttled-requests", "table-throttling", Target.TABLES,
                    "Microsoft.Storage/storageAccounts/tableServices", "Transactions", "ResponseType",
                    List.of("ServerBusyError", "ClientThrottlingError"),
                    "Table Storage requests refused as throttled (DynamoDB ThrottledRequests)"),
            new Analog("system-errors", "table-server-errors", Target.TABLES,
                    "Microsoft.Storage/storageAccounts/tableServices", "Transactions", "ResponseType",
                    List.of("ServerOtherError", "ServerTimeoutError"),
                    "Table Storage requests that failed on the server (DynamoDB SystemErrors)"));

    /** The windows and evaluation frequencies a metric alert accepts, in minutes. */
    static final List<Integer> WINDOWS = List.of(1, 5, 15, 30, 60, 360, 720, 1440);

    private AzureAlerts() {
    }

    /**
     * Declares one metric alert per analog whose blueprint alarm exists, each notifying {@code actionGroupId}.
     *
     * @param scopes the resource id each target is watched on
     * @return the alerts, in {@link #ANALOGS} order
     */
    static List<MetricAlert> declare(Blueprint b, Output<String> resourceGroup, Map<Target, Output<String>> scopes,
                                     Output<String> actionGroupId, CustomResourceOptions opts) {
        List<MetricAlert> out = new ArrayList<>();
        for (Analog a : ANALOGS) {
            AlarmSpec spec = b.alarms().stream().filter(s -> s.id().equals(a.alarmId())).findFirst().orElse(null);
            if (spec == null) {
                continue;
            }
            MetricAlert.Criterion c = new MetricAlert.Criterion();
            c.criterionType = Output.of("StaticThresholdCriterion");
            c.name = Output.of(a.name());
            c.metricNamespace = Output.of(a.namespace());
            c.metricName = Output.of(a.metric());
            c.operator = Output.of("GreaterThanOrEqual");
            c.threshold = Output.of(spec.threshold());
            c.timeAggregation = Output.of("Total");
            if (a.dimension() != null) {
                MetricAlert.Dimension d = new MetricAlert.Dimension();
                d.name = Output.of(a.dimension());
                d.operator = Output.of("Include");
                d.values = Output.of(a.values());
                c.dimensions = Output.of(List.of(d));
            }
            MetricAlert.Criteria criteria = new MetricAlert.Criteria();
            criteria.odataType = Output.of("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria");
            criteria.allOf = Output.of(List.of(c));
            MetricAlert.Action action = new MetricAlert.Action();
            action.actionGroupId = actionGroupId;
            MetricAlert.Args m = new MetricAlert.Args();
            m.resourceGroupName = resourceGroup;
            m.location = Output.of("global");
            m.description = Output.of(a.watches() + ": " + a.metric() + " Total >= " + spec.threshold() + " over "
                    + window(spec) + " (blueprint alarm '" + spec.id() + "')");
            m.enabled = Output.of(true);
            m.severity = Output.of(2);
            m.scopes = scopes.get(a.target()).applyValue(List::of);
            m.evaluationFrequency = Output.of(iso(minutes("alarms." + spec.id() + ".periodSeconds",
                    spec.periodSeconds())));
            m.windowSize = Output.of(window(spec));
            m.autoMitigate = Output.of(true);
            m.criteria = Output.of(criteria);
            m.actions = Output.of(List.of(action));
            out.add(new MetricAlert(b.names().prefix() + "-" + a.name(), m, opts));
        }
        return out;
    }

    /** The blueprint alarm's whole window (period times periods to breach) as an ISO 8601 duration. */
    static String window(AlarmSpec spec) {
        return iso(minutes("alarms." + spec.id() + ".evaluationPeriods",
                spec.periodSeconds() * spec.evaluationPeriods()));
    }

    private static int minutes(String field, int seconds) {
        int m = seconds / 60;
        if (seconds % 60 != 0 || !WINDOWS.contains(m)) {
            throw new BlueprintException(field, seconds + " s is not a window an Azure metric alert accepts",
                    "use a period and periods whose product is 1, 5, 15, 30, 60, 360, 720 or 1440 minutes");
        }
        return m;
    }

    private static String iso(int minutes) {
        return minutes % 1440 == 0 ? "P" + minutes / 1440 + "D" : minutes % 60 == 0 ? "PT" + minutes / 60 + "H"
                : "PT" + minutes + "M";
    }
}
