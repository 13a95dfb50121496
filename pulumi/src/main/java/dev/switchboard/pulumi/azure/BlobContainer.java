package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

/** {@code azure-native:storage:BlobContainer}: the container the Flex Consumption app deploys from. */
public final class BlobContainer extends CustomResource {
    public static final String TYPE = "azure-native:storage:BlobContainer";

    @Export(name = "name", refs = {String.class}, tree = "[0]")
    private Output<String> name;

    public BlobContainer(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public Output<String> name() {
        return name;
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "accountName", required = true)
        public Output<String> accountName;
        @Import(name = "containerName")
        public Output<String> containerName;
        @Import(name = "publicAccess")
        public Output<String> publicAccess;
    }
}
