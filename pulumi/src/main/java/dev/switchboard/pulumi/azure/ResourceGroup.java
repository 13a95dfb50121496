package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

/** {@code azure-native:resources:ResourceGroup}: the resource group that holds the environment. */
public final class ResourceGroup extends CustomResource {
    public static final String TYPE = "azure-native:resources:ResourceGroup";

    @Export(name = "name", refs = {String.class}, tree = "[0]")
    private Output<String> name;

    public ResourceGroup(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public Output<String> name() {
        return name;
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName")
        public Output<String> resourceGroupName;
        @Import(name = "location")
        public Output<String> location;
        @Import(name = "tags")
        public Output<java.util.Map<String, String>> tags;
    }
}
