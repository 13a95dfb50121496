package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

/** {@code azure-native:storage:StorageAccount}: the function's storage: host state, the deployment package, the tables. */
public final class StorageAccount extends CustomResource {
    public static final String TYPE = "azure-native:storage:StorageAccount";

    @Export(name = "name", refs = {String.class}, tree = "[0]")
    private Output<String> name;

    public StorageAccount(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public Output<String> name() {
        return name;
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "accountName")
        public Output<String> accountName;
        @Import(name = "location")
        public Output<String> location;
        @Import(name = "kind", required = true)
        public Output<String> kind;
        @Import(name = "sku", required = true)
        public Output<Sku> sku;
        @Import(name = "minimumTlsVersion")
        public Output<String> minimumTlsVersion;
        @Import(name = "allowBlobPublicAccess")
        public Output<Boolean> allowBlobPublicAccess;
        @Import(name = "enableHttpsTrafficOnly")
        public Output<Boolean> enableHttpsTrafficOnly;
    }

    /** {@code storage.SkuArgs}: e.g. Standard_LRS. */
    @SchemaType("storage.SkuArgs")
    public static final class Sku extends ResourceArgs {
        @Import(name = "name", required = true)
        public Output<String> name;
    }
}
