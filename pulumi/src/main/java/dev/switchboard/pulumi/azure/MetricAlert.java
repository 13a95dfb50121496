package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

import java.util.List;

/** {@code azure-native:monitor:MetricAlert}: one static-threshold alert on one resource's metric. */
public final class MetricAlert extends CustomResource {
    public static final String TYPE = "azure-native:monitor:MetricAlert";

    public MetricAlert(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "location")
        public Output<String> location;
        @Import(name = "description")
        public Output<String> description;
        @Import(name = "enabled", required = true)
        public Output<Boolean> enabled;
        @Import(name = "severity", required = true)
        public Output<Integer> severity;
        @Import(name = "scopes", required = true)
        public Output<List<String>> scopes;
        @Import(name = "evaluationFrequency", required = true)
        public Output<String> evaluationFrequency;
        @Import(name = "windowSize", required = true)
        public Output<String> windowSize;
        @Import(name = "autoMitigate")
        public Output<Boolean> autoMitigate;
        @Import(name = "criteria", required = true)
        public Output<Criteria> criteria;
        @Import(name = "actions")
        public Output<List<Action>> actions;
    }

    /** {@code monitor.MetricAlertSingleResourceMultipleMetricCriteriaArgs}: one resource, all criteria must hold. */
    @SchemaType("monitor.MetricAlertSingleResourceMultipleMetricCriteriaArgs")
    public static final class Criteria extends ResourceArgs {
        @Import(name = "odataType", required = true)
        public Output<String> odataType;
        @Import(name = "allOf")
        public Output<List<Criterion>> allOf;
    }

    /** {@code monitor.MetricCriteriaArgs}. */
    @SchemaType("monitor.MetricCriteriaArgs")
    public static final class Criterion extends ResourceArgs {
        @Import(name = "criterionType", required = true)
        public Output<String> criterionType;
        @Import(name = "name", required = true)
        public Output<String> name;
        @Import(name = "metricNamespace")
        public Output<String> metricNamespace;
        @Import(name = "metricName", required = true)
        public Output<String> metricName;
        @Import(name = "operator", required = true)
        public Output<String> operator;
        @Import(name = "threshold", required = true)
        public Output<Double> threshold;
        @Import(name = "timeAggregation", required = true)
        public Output<String> timeAggregation;
        @Import(name = "dimensions")
        public Output<List<Dimension>> dimensions;
    }

    /** {@code monitor.MetricDimensionArgs}: a filter on one of the metric's dimensions. */
    @SchemaType("monitor.MetricDimensionArgs")
    public static final class Dimension extends ResourceArgs {
        @Import(name = "name", required = true)
        public Output<String> name;
        @Import(name = "operator", required = true)
        public Output<String> operator;
        @Import(name = "values", required = true)
        public Output<List<String>> values;
    }

    /** {@code monitor.MetricAlertActionArgs}. */
    @SchemaType("monitor.MetricAlertActionArgs")
    public static final class Action extends ResourceArgs {
        @Import(name = "actionGroupId")
        public Output<String> actionGroupId;
    }
}
