package dev.switchboard.pulumi.cloudflare;

/**
 * The pinned Cloudflare provider. The Pulumi Java SDK for Cloudflare ({@code com.pulumi:cloudflare}) is not served by
 * the registry these machines reach, so this package declares thin resource classes with exactly the provider's type
 * tokens and input names of this version (checked against a committed extract of its generated SDK in the tests);
 * {@code com/pulumi/cloudflare/plugin.json} in the program's jar makes {@code pulumi up} install this plugin version.
 * docs/cloudflare.md says how to swap to the published SDK.
 */
public final class Provider {
    /** pulumi-cloudflare release whose tokens and input names these classes use. */
    public static final String VERSION = "6.17.0";
    public static final String PACKAGE = "cloudflare";

    private Provider() {
    }
}
