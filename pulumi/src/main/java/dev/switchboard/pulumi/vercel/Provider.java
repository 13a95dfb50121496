package dev.switchboard.pulumi.vercel;

import dev.switchboard.pulumi.provider.PinnedProvider;

/**
 * The pinned Vercel provider (pulumiverse). {@code com.pulumiverse:vercel} is not served to this build, so this
 * package declares thin resource classes with exactly the tokens and input names of 5.4.1, checked against a
 * committed extract of the npm package {@code @pulumiverse/vercel} 5.4.1 in the tests. The plugin is not Pulumi's own:
 * its download location is the one the package's metadata names ({@code pulumi.server} in its package.json).
 */
public final class Provider {
    /** pulumiverse-vercel release whose tokens and input names these classes use. */
    public static final String VERSION = "5.4.1";
    public static final String PACKAGE = "vercel";
    public static final String PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumiverse";
    public static final PinnedProvider PINNED = new PinnedProvider(PACKAGE, VERSION, PLUGIN_DOWNLOAD_URL);

    private Provider() {
    }
}
