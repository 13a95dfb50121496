package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

/** {@code azure-native:web:AppServicePlan}: the function's plan: Flex Consumption (FC1) on Linux. */
public final class AppServicePlan extends CustomResource {
    public static final String TYPE = "azure-native:web:AppServicePlan";

    public AppServicePlan(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "location")
        public Output<String> location;
        @Import(name = "kind")
        public Output<String> kind;
        @Import(name = "reserved")
        public Output<Boolean> reserved;
        @Import(name = "sku")
        public Output<Sku> sku;
    }

    /** {@code web.SkuDescriptionArgs}: FC1, FlexConsumption. */
    @SchemaType("web.SkuDescriptionArgs")
    public static final class Sku extends ResourceArgs {
        @Import(name = "name")
        public Output<String> name;
        @Import(name = "tier")
        public Output<String> tier;
    }
}
