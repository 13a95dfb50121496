package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

/** {@code azure-native:webpubsub:WebPubSub}: the Web PubSub service (Standard tier, units from the stack). */
public final class WebPubSub extends CustomResource {
    public static final String TYPE = "azure-native:webpubsub:WebPubSub";

    @Export(name = "name", refs = {String.class}, tree = "[0]")
    private Output<String> name;

    @Export(name = "hostName", refs = {String.class}, tree = "[0]")
    private Output<String> hostName;

    public WebPubSub(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public Output<String> name() {
        return name;
    }

    public Output<String> hostName() {
        return hostName;
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "location")
        public Output<String> location;
        @Import(name = "sku")
        public Output<Sku> sku;
        @Import(name = "disableLocalAuth")
        public Output<Boolean> disableLocalAuth;
    }

    /** {@code webpubsub.ResourceSkuArgs}: {@code Standard_S1}, {@code Standard}, units (1, 2, 5, 10, 20, 50 or 100). */
    @SchemaType("webpubsub.ResourceSkuArgs")
    public static final class Sku extends ResourceArgs {
        @Import(name = "name", required = true)
        public Output<String> name;
        @Import(name = "tier")
        public Output<String> tier;
        @Import(name = "capacity")
        public Output<Integer> capacity;
    }
}
