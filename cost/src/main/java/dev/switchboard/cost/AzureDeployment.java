package dev.switchboard.cost;

import java.util.List;

/**
 * How the blueprint is deployed on Azure (issue 22's design: Web PubSub Standard with a hub whose event handler is a
 * Java function on the Flex Consumption plan, state in Table Storage).
 *
 * @param instanceMemoryMb the Function App's instance memory: 512, 2048 (the Pulumi program's {@code
 *                         AzureStack.INSTANCE_MEMORY_MB}) or 4096 MB
 * @param msPerExecution   wall-clock ms one execution runs (its CPU and its Table Storage and Web PubSub REST round
 *                         trips); default {@link #DEFAULT_MS_PER_EXECUTION}
 */
public record AzureDeployment(int instanceMemoryMb, double msPerExecution) {
    /** Flex Consumption's instance sizes (https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan). */
    public static final List<Integer> INSTANCE_SIZES_MB = List.of(512, 2048, 4096);
    public static final int DEFAULT_INSTANCE_MEMORY_MB = 2048;
    /**
     * An assumption, not measured on Azure: about 10 ms of handler CPU (the Lambda handlers' warm figure) plus two
     * round trips of a few ms to Table Storage and the Web PubSub REST API in the same region. Flex Consumption bills
     * at least 1,000 ms an activity period, so the figure matters only for the instance count under heavy load.
     */
    public static final double DEFAULT_MS_PER_EXECUTION = 20;
    /**
     * Executions one instance runs at once (the app's {@code perInstanceConcurrency}): an assumption of 16, not read
     * from a deployment.
     */
    public static final int HTTP_CONCURRENCY = 16;

    public static final AzureDeployment DEFAULTS = new AzureDeployment(DEFAULT_INSTANCE_MEMORY_MB,
            DEFAULT_MS_PER_EXECUTION);

    public AzureDeployment {
        if (!INSTANCE_SIZES_MB.contains(instanceMemoryMb)) {
            throw new CostUsageException("--azure-instance-mb: " + instanceMemoryMb + " is not a Flex Consumption"
                    + " instance size. Fix: use 512, 2048 (the default) or 4096");
        }
        if (!(msPerExecution > 0) || msPerExecution > 230_000) {
            throw new CostUsageException("--azure-ms-per-execution: " + msPerExecution + " is not above 0 and at most"
                    + " 230000 (the HTTP trigger's 230 s limit). Fix: give the wall-clock ms of one execution");
        }
    }
}
