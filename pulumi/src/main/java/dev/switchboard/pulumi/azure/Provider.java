package dev.switchboard.pulumi.azure;

import dev.switchboard.pulumi.provider.PinnedProvider;

/**
 * The pinned Azure native provider. {@code com.pulumi:azure-native} is served to this build only at 2.0.0 and 2.10.0
 * (2023: no Flex Consumption, old monitoring tokens), so this package declares thin resource classes with exactly the
 * tokens and input names of 3.28.0, checked against a committed extract of the npm package
 * {@code @pulumi/azure-native} 3.28.0 in the tests. docs/azure.md says how to swap to the published SDK.
 */
public final class Provider {
    /** pulumi-azure-native release whose tokens and input names these classes use. */
    public static final String VERSION = "3.28.0";
    public static final String PACKAGE = "azure-native";
    /** A Pulumi provider: the engine knows where its plugin is downloaded from. */
    public static final PinnedProvider PINNED = new PinnedProvider(PACKAGE, VERSION, null);

    private Provider() {
    }
}
