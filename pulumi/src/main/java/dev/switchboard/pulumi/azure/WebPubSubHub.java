package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

import java.util.List;

/** {@code azure-native:webpubsub:WebPubSubHub}: the hub and its event handler (the function). */
public final class WebPubSubHub extends CustomResource {
    public static final String TYPE = "azure-native:webpubsub:WebPubSubHub";

    public WebPubSubHub(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "resourceName", required = true)
        public Output<String> resourceName;
        @Import(name = "hubName")
        public Output<String> hubName;
        @Import(name = "properties", required = true)
        public Output<Properties> properties;
    }

    /** {@code webpubsub.WebPubSubHubPropertiesArgs}. */
    @SchemaType("webpubsub.WebPubSubHubPropertiesArgs")
    public static final class Properties extends ResourceArgs {
        @Import(name = "anonymousConnectPolicy")
        public Output<String> anonymousConnectPolicy;
        @Import(name = "eventHandlers")
        public Output<List<EventHandler>> eventHandlers;
    }

    /** {@code webpubsub.EventHandlerArgs}: where the service posts the events it forwards. */
    @SchemaType("webpubsub.EventHandlerArgs")
    public static final class EventHandler extends ResourceArgs {
        @Import(name = "urlTemplate", required = true)
        public Output<String> urlTemplate;
        @Import(name = "userEventPattern")
        public Output<String> userEventPattern;
        @Import(name = "systemEvents")
        public Output<List<String>> systemEvents;
    }
}
