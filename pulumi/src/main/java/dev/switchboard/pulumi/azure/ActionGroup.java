package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

import java.util.List;

/** {@code azure-native:monitor:ActionGroup}: where the metric alerts notify (the AWS alarm topic's analog). */
public final class ActionGroup extends CustomResource {
    public static final String TYPE = "azure-native:monitor:ActionGroup";

    public ActionGroup(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "location")
        public Output<String> location;
        @Import(name = "groupShortName", required = true)
        public Output<String> groupShortName;
        @Import(name = "enabled", required = true)
        public Output<Boolean> enabled;
        @Import(name = "emailReceivers")
        public Output<List<EmailReceiver>> emailReceivers;
    }

    /** {@code monitor.MicrosoftCommonEmailReceiverArgs}. */
    @SchemaType("monitor.MicrosoftCommonEmailReceiverArgs")
    public static final class EmailReceiver extends ResourceArgs {
        @Import(name = "name", required = true)
        public Output<String> name;
        @Import(name = "emailAddress", required = true)
        public Output<String> emailAddress;
        @Import(name = "useCommonAlertSchema")
        public Output<Boolean> useCommonAlertSchema;
    }
}
