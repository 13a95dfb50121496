package dev.switchboard.pulumi.cloudflare;

import com.pulumi.resources.CustomResourceOptions;

/**
 * The pinned Cloudflare provider. The Pulumi Java SDK for Cloudflare ({@code com.pulumi:cloudflare}) is not served by
 * the registry these machines reach, so this package declares thin resource classes with exactly the provider's type
 * tokens and input names of this version (checked against a committed extract of its generated SDK in the tests).
 * Each of them registers with {@link #pinned} options, which name this version: the engine installs the plugin when a
 * Cloudflare stack first registers one (pulumi/pulumi#10530, "Install missing plugins when encountering them"). The
 * program's jar carries no {@code com/pulumi/cloudflare/plugin.json}, the metadata by which the Java language host
 * reports a program's plugins before it runs, so an AWS stack never fetches the Cloudflare plugin.
 * docs/cloudflare.md says how to swap to the published SDK.
 */
public final class Provider {
    /** pulumi-cloudflare release whose tokens and input names these classes use. */
    public static final String VERSION = "6.17.0";
    public static final String PACKAGE = "cloudflare";

    private Provider() {
    }

    /** {@code options} with the resource's provider plugin pinned to {@link #VERSION}. */
    static CustomResourceOptions pinned(CustomResourceOptions options) {
        return CustomResourceOptions.merge(options == null ? CustomResourceOptions.Empty : options, CustomResourceOptions.builder().version(VERSION).build());
    }
}
