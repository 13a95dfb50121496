package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.CustomType;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

import java.util.List;

/**
 * {@code azure-native:web:WebApp}: the Function App. On Flex Consumption the runtime, the scale settings and the
 * deployment container are the site's {@code functionAppConfig}, not app settings
 * (https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan).
 */
public final class WebApp extends CustomResource {
    public static final String TYPE = "azure-native:web:WebApp";

    @Export(name = "defaultHostName", refs = {String.class}, tree = "[0]")
    private Output<String> defaultHostName;
    @Export(name = "identity", refs = {IdentityResult.class}, tree = "[0]")
    private Output<IdentityResult> identity;

    public WebApp(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    /** The host the platform assigns ({@code <name>-<hash>.<region>-01.azurewebsites.net} on Flex Consumption). */
    public Output<String> defaultHostName() {
        return defaultHostName;
    }

    /** The system-assigned identity's principal id, which the role assignments grant to. */
    public Output<String> principalId() {
        return identity.applyValue(i -> i == null ? null : i.principalId);
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "location")
        public Output<String> location;
        @Import(name = "kind")
        public Output<String> kind;
        @Import(name = "serverFarmId")
        public Output<String> serverFarmId;
        @Import(name = "httpsOnly")
        public Output<Boolean> httpsOnly;
        @Import(name = "identity")
        public Output<Identity> identity;
        @Import(name = "siteConfig")
        public Output<SiteConfig> siteConfig;
        @Import(name = "functionAppConfig")
        public Output<FunctionAppConfig> functionAppConfig;
    }

    /** {@code web.ManagedServiceIdentityArgs}: here {@code SystemAssigned}. */
    @SchemaType("web.ManagedServiceIdentityArgs")
    public static final class Identity extends ResourceArgs {
        @Import(name = "type")
        public Output<String> type;
    }

    /** {@code web.SiteConfigArgs}: the app settings and the TLS floor. */
    @SchemaType("web.SiteConfigArgs")
    public static final class SiteConfig extends ResourceArgs {
        @Import(name = "appSettings")
        public Output<List<Setting>> appSettings;
        @Import(name = "minTlsVersion")
        public Output<String> minTlsVersion;
        @Import(name = "ftpsState")
        public Output<String> ftpsState;
    }

    /** {@code web.NameValuePairArgs}: one app setting. */
    @SchemaType("web.NameValuePairArgs")
    public static final class Setting extends ResourceArgs {
        @Import(name = "name")
        public Output<String> name;
        @Import(name = "value")
        public Output<String> value;

        public static Setting of(String name, Output<String> value) {
            Setting s = new Setting();
            s.name = Output.of(name);
            s.value = value;
            return s;
        }
    }

    /** {@code web.FunctionAppConfigArgs}. */
    @SchemaType("web.FunctionAppConfigArgs")
    public static final class FunctionAppConfig extends ResourceArgs {
        @Import(name = "deployment")
        public Output<Deployment> deployment;
        @Import(name = "runtime")
        public Output<Runtime> runtime;
        @Import(name = "scaleAndConcurrency")
        public Output<Scale> scaleAndConcurrency;
    }

    /** {@code web.FunctionsDeploymentArgs}. */
    @SchemaType("web.FunctionsDeploymentArgs")
    public static final class Deployment extends ResourceArgs {
        @Import(name = "storage")
        public Output<DeploymentStorage> storage;
    }

    /** {@code web.FunctionsDeploymentStorageArgs}: {@code blobContainer} and the container's URL. */
    @SchemaType("web.FunctionsDeploymentStorageArgs")
    public static final class DeploymentStorage extends ResourceArgs {
        @Import(name = "type")
        public Output<String> type;
        @Import(name = "value")
        public Output<String> value;
        @Import(name = "authentication")
        public Output<DeploymentAuthentication> authentication;
    }

    /** {@code web.FunctionsDeploymentStorageAuthenticationArgs}: here the site's own identity. */
    @SchemaType("web.FunctionsDeploymentStorageAuthenticationArgs")
    public static final class DeploymentAuthentication extends ResourceArgs {
        @Import(name = "type")
        public Output<String> type;
    }

    /** {@code web.FunctionsRuntimeArgs}: {@code java} {@code 21}. */
    @SchemaType("web.FunctionsRuntimeArgs")
    public static final class Runtime extends ResourceArgs {
        @Import(name = "name")
        public Output<String> name;
        @Import(name = "version")
        public Output<String> version;
    }

    /** {@code web.FunctionsScaleAndConcurrencyArgs}. */
    @SchemaType("web.FunctionsScaleAndConcurrencyArgs")
    public static final class Scale extends ResourceArgs {
        @Import(name = "maximumInstanceCount")
        public Output<Integer> maximumInstanceCount;
        @Import(name = "instanceMemoryMB")
        public Output<Integer> instanceMemoryMB;
    }

    /** The {@code identity} output ({@code web.ManagedServiceIdentityResponse}), of which only the principal is read. */
    @CustomType
    public static final class IdentityResult {
        private String principalId;

        @CustomType.Builder
        public static final class Builder {
            private final IdentityResult r = new IdentityResult();

            @CustomType.Setter("principalId")
            public Builder principalId(String v) {
                r.principalId = v;
                return this;
            }

            public IdentityResult build() {
                return r;
            }
        }
    }
}
