package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

/** {@code azure-native:applicationinsights:Component}: Application Insights, workspace-based, for the function. */
public final class Component extends CustomResource {
    public static final String TYPE = "azure-native:applicationinsights:Component";

    @Export(name = "connectionString", refs = {String.class}, tree = "[0]")
    private Output<String> connectionString;

    public Component(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public Output<String> connectionString() {
        return connectionString;
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "location")
        public Output<String> location;
        @Import(name = "kind", required = true)
        public Output<String> kind;
        @Import(name = "applicationType", required = true)
        public Output<String> applicationType;
        @Import(name = "workspaceResourceId")
        public Output<String> workspaceResourceId;
        @Import(name = "ingestionMode")
        public Output<String> ingestionMode;
    }
}
