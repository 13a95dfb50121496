package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

/** {@code azure-native:operationalinsights:Workspace}: the Log Analytics workspace behind Application Insights. */
public final class Workspace extends CustomResource {
    public static final String TYPE = "azure-native:operationalinsights:Workspace";

    public Workspace(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "location")
        public Output<String> location;
        @Import(name = "sku")
        public Output<Sku> sku;
        @Import(name = "retentionInDays")
        public Output<Integer> retentionInDays;
    }

    /** {@code operationalinsights.WorkspaceSkuArgs}. */
    @SchemaType("operationalinsights.WorkspaceSkuArgs")
    public static final class Sku extends ResourceArgs {
        @Import(name = "name", required = true)
        public Output<String> name;
    }
}
