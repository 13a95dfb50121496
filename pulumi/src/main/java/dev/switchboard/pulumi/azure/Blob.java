package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

/** {@code azure-native:storage:Blob}: a blob uploaded from a local file: here the function's package. */
public final class Blob extends CustomResource {
    public static final String TYPE = "azure-native:storage:Blob";

    public Blob(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "accountName", required = true)
        public Output<String> accountName;
        @Import(name = "containerName", required = true)
        public Output<String> containerName;
        @Import(name = "blobName")
        public Output<String> blobName;
        @Import(name = "type")
        public Output<String> type;
        @Import(name = "contentType")
        public Output<String> contentType;
        @Import(name = "source")
        public Output<com.pulumi.asset.AssetOrArchive> source;
    }
}
