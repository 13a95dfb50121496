package dev.switchboard.pulumi.provider;

import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.CustomResourceOptions;

/**
 * A Pulumi provider plugin pinned to one version, for a platform whose Java SDK is not served to this build
 * (Cloudflare, Azure native, Vercel). Each platform declares thin resource classes with exactly the type tokens and
 * input names of that version (checked in the tests against a committed extract of its schema) and registers them
 * with {@link #options}, which name the version and, for a provider not published by Pulumi, where its plugin is
 * downloaded from. The engine installs that plugin when a stack first registers such a resource
 * (pulumi/pulumi#10530, "Install missing plugins when encountering them"); the program's jar carries no
 * {@code plugin.json} for it, so a stack of another platform never fetches it.
 *
 * @param name              the package name, the first part of every type token ({@code cloudflare},
 *                          {@code azure-native}, {@code vercel})
 * @param version           the provider release the resource classes follow
 * @param pluginDownloadUrl where the engine downloads the plugin from; null for Pulumi's own providers, whose
 *                          download location the engine knows
 */
public record PinnedProvider(String name, String version, String pluginDownloadUrl) {
    public PinnedProvider {
        if (name == null || name.isBlank() || version == null || !version.matches("\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalArgumentException("a pinned provider needs a name and an exact x.y.z version, got "
                    + name + " " + version);
        }
    }

    /** {@code options} (null: none) with this provider's version and plugin download URL added. */
    public CustomResourceOptions options(CustomResourceOptions options) {
        CustomResourceOptions.Builder pin = CustomResourceOptions.builder().version(version);
        if (pluginDownloadUrl != null) {
            pin.pluginDownloadURL(pluginDownloadUrl);
        }
        return CustomResourceOptions.merge(options == null ? CustomResourceOptions.Empty : options, pin.build());
    }

    /** Invoke options (for a provider function such as a key listing) naming the same version and download URL. */
    public InvokeOptions invokeOptions() {
        InvokeOptions.Builder b = InvokeOptions.builder().version(version);
        if (pluginDownloadUrl != null) {
            b.pluginDownloadURL(pluginDownloadUrl);
        }
        return b.build();
    }

    /** Whether {@code typeToken} belongs to this provider ({@code name:module:Type}). */
    public boolean owns(String typeToken) {
        return typeToken != null && typeToken.startsWith(name + ":");
    }
}
