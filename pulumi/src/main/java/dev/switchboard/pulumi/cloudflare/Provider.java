package dev.switchboard.pulumi.cloudflare;

import dev.switchboard.pulumi.provider.PinnedProvider;

/**
 * The pinned Cloudflare provider. The Pulumi Java SDK for Cloudflare ({@code com.pulumi:cloudflare}) is not served by
 * the registry these machines reach, so this package declares thin resource classes with exactly the provider's type
 * tokens and input names of this version (checked against a committed extract of its generated SDK in the tests),
 * each registered with {@link #PINNED}'s options. docs/cloudflare.md says how to swap to the published SDK.
 */
public final class Provider {
    /** pulumi-cloudflare release whose tokens and input names these classes use. */
    public static final String VERSION = "6.17.0";
    public static final String PACKAGE = "cloudflare";
    /** A Pulumi provider: the engine knows where its plugin is downloaded from. */
    public static final PinnedProvider PINNED = new PinnedProvider(PACKAGE, VERSION, null);

    private Provider() {
    }
}
