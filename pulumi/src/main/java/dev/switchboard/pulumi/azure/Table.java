package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

/** {@code azure-native:storage:Table}: one Table Storage table of the data model. */
public final class Table extends CustomResource {
    public static final String TYPE = "azure-native:storage:Table";

    @Export(name = "name", refs = {String.class}, tree = "[0]")
    private Output<String> name;

    public Table(String name, Args args, CustomResourceOptions options) {
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
        @Import(name = "tableName")
        public Output<String> tableName;
    }
}
