package dev.switchboard.pulumi.cloudflare;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

import java.util.List;

/** {@code cloudflare:index/notificationPolicy:NotificationPolicy}: an account alert sent by e-mail. */
public final class NotificationPolicy extends CustomResource {
    public static final String TYPE = "cloudflare:index/notificationPolicy:NotificationPolicy";

    public NotificationPolicy(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "accountId")
        public Output<String> accountId;
        @Import(name = "name", required = true)
        public Output<String> name;
        @Import(name = "description")
        public Output<String> description;
        @Import(name = "alertType", required = true)
        public Output<String> alertType;
        @Import(name = "enabled")
        public Output<Boolean> enabled;
        @Import(name = "mechanisms", required = true)
        public Output<Mechanisms> mechanisms;
    }

    /** {@code NotificationPolicyMechanismsArgs}. */
    @SchemaType("NotificationPolicyMechanismsArgs")
    public static final class Mechanisms extends ResourceArgs {
        @Import(name = "emails")
        public Output<List<Email>> emails;
    }

    /** {@code NotificationPolicyMechanismsEmailArgs}. */
    @SchemaType("NotificationPolicyMechanismsEmailArgs")
    public static final class Email extends ResourceArgs {
        @Import(name = "id")
        public Output<String> id;
    }
}
