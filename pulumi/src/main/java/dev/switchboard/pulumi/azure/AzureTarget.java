package dev.switchboard.pulumi.azure;

import dev.switchboard.blueprint.BlueprintException;

import java.nio.file.Path;
import java.util.Set;

/**
 * Where the Azure stack goes: what the blueprint cannot know, from the stack's configuration.
 *
 * @param location        the Azure region, e.g. {@code westeurope} (one region: Web PubSub and the function app live
 *                        side by side)
 * @param units           Web PubSub units, each 1,000 concurrent connections: 1, 2, 5, 10, 20, 50 or 100 (Standard
 *                        tier; https://learn.microsoft.com/azure/azure-web-pubsub/howto-scale-manual-scale)
 * @param storageAccount  the storage account's name: globally unique, 3 to 24 lower-case letters and digits
 *                        (https://learn.microsoft.com/azure/storage/common/storage-account-overview#storage-account-name)
 * @param functionPackage the function's deployment package: a zip, or the Function App's folder (zipped on upload),
 *                        uploaded as {@value AzureStack#PACKAGE_BLOB}
 */
public record AzureTarget(String location, int units, String storageAccount, Path functionPackage) {
    /** The unit counts the Standard tier offers. */
    public static final Set<Integer> UNITS = Set.of(1, 2, 5, 10, 20, 50, 100);

    public AzureTarget {
        if (location == null || !location.matches("[a-z][a-z0-9]{2,40}")) {
            throw new BlueprintException("azure.location", "'" + location + "' is not an Azure region name",
                    "set switchboard:azureLocation to a region such as westeurope (az account list-locations)");
        }
        if (!UNITS.contains(units)) {
            throw new BlueprintException("azure.units", units + " is not a Web PubSub unit count",
                    "set switchboard:azureUnits to 1, 2, 5, 10, 20, 50 or 100");
        }
        if (storageAccount == null || !storageAccount.matches("[a-z0-9]{3,24}")) {
            throw new BlueprintException("azure.storageAccount", "'" + storageAccount + "' is not a storage account"
                    + " name", "set switchboard:azureStorageAccount to 3 to 24 lower-case letters and digits");
        }
        if (functionPackage == null) {
            throw new BlueprintException("azure.functionPackage", "is not set",
                    "set switchboard:azureFunctionPackage to the function's zip or folder");
        }
    }
}
