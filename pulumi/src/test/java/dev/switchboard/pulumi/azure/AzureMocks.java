package dev.switchboard.pulumi.azure;

import com.pulumi.test.Mocks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Azure native provider under mocks: each resource answers with its inputs plus what the provider computes and
 * the program reads (names, the Web PubSub host, the function's host and identity, the Insights connection string),
 * its id in ARM's form; {@code listWebPubSubKeys} answers two connection strings. Anything else is refused.
 */
final class AzureMocks implements Mocks {
    static final String SUBSCRIPTION = "/subscriptions/11111111-2222-3333-4444-555555555555";
    static final String PRIMARY_KEY = "mock-primary-access-key-0123456789";
    static final String SECONDARY_KEY = "mock-secondary-access-key-9876543210";
    static final String STORAGE_KEY = "mock-storage-account-key-5555555555";

    /** The host the mock gives a function app: not derivable from its name, as on Flex Consumption. */
    static String functionHost(String logicalName) {
        return logicalName + "-f3c9a1.westeurope-01.azurewebsites.net";
    }

    static String pubsubName(String logicalName) {
        return logicalName + "a1b2c3";
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        Map<String, Object> out = new HashMap<>(args.inputs);
        String name = args.name;
        switch (args.type) {
            case ResourceGroup.TYPE -> out.put("name", args.inputs.get("resourceGroupName"));
            case StorageAccount.TYPE -> out.put("name", args.inputs.get("accountName"));
            case BlobContainer.TYPE -> out.put("name", args.inputs.get("containerName"));
            case Table.TYPE -> out.put("name", args.inputs.get("tableName"));
            case WebPubSub.TYPE -> {
                name = pubsubName(args.name);
                out.put("name", name);
                out.put("hostName", name + ".webpubsub.azure.com");
            }
            case WebApp.TYPE -> {
                out.put("defaultHostName", functionHost(args.name));
                out.put("identity", Map.of("principalId", "principal-of-" + args.name, "type", "SystemAssigned"));
            }
            case Component.TYPE -> out.put("connectionString", "InstrumentationKey=mock;IngestionEndpoint=https://x");
            case Workspace.TYPE, Blob.TYPE, AppServicePlan.TYPE, WebPubSubHub.TYPE, RoleAssignment.TYPE,
                    ActionGroup.TYPE, MetricAlert.TYPE -> {
            }
            default -> throw new IllegalArgumentException("no Azure mock for " + args.type);
        }
        String rg = String.valueOf(args.inputs.getOrDefault("resourceGroupName", "none"));
        String id = SUBSCRIPTION + "/resourceGroups/" + rg + "/providers/" + args.type.split(":")[1] + "/"
                + args.type.split(":")[2] + "/" + name;
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), out));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        if (args.token.equals(ListStorageAccountKeys.TYPE)) {
            return CompletableFuture.completedFuture(Map.of("keys", List.of(
                    Map.of("keyName", "key1", "value", STORAGE_KEY, "permissions", "FULL", "creationTime", "t"),
                    Map.of("keyName", "key2", "value", "other", "permissions", "FULL", "creationTime", "t"))));
        }
        if (!args.token.equals(ListWebPubSubKeys.TYPE)) {
            throw new IllegalArgumentException("no Azure mock for the call " + args.token);
        }
        String host = "https://" + args.args.get("resourceName") + ".webpubsub.azure.com";
        return CompletableFuture.completedFuture(Map.of(
                "primaryKey", PRIMARY_KEY, "secondaryKey", SECONDARY_KEY,
                "primaryConnectionString", "Endpoint=" + host + ";AccessKey=" + PRIMARY_KEY + ";Version=1.0;",
                "secondaryConnectionString", "Endpoint=" + host + ";AccessKey=" + SECONDARY_KEY + ";Version=1.0;"));
    }

    /** The classes of the Azure program, for the extract check. */
    static final List<Class<?>> CLASSES = List.of(ResourceGroup.class, Workspace.class, Component.class,
            StorageAccount.class, BlobContainer.class, Blob.class, Table.class, AppServicePlan.class, WebApp.class,
            WebPubSub.class, WebPubSubHub.class, RoleAssignment.class, ActionGroup.class, MetricAlert.class,
            ListWebPubSubKeys.class, ListStorageAccountKeys.class);
}
