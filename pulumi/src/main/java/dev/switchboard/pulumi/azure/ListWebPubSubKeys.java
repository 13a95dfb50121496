package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.TypeShape;
import com.pulumi.core.annotations.CustomType;
import com.pulumi.core.annotations.Import;
import com.pulumi.deployment.Deployment;
import com.pulumi.resources.InvokeArgs;

/**
 * {@code azure-native:webpubsub:listWebPubSubKeys}: the service's access keys: the primary as a connection string (the
 * handler signs its REST calls with it) and the secondary key (the handler checks each event's {@code ce-signature}
 * against both, so a key can be regenerated without refusing events in between). Returned as Pulumi secrets.
 */
public final class ListWebPubSubKeys {
    public static final String TYPE = "azure-native:webpubsub:listWebPubSubKeys";

    private ListWebPubSubKeys() {
    }

    /** The keys of the service {@code resourceName} in {@code resourceGroupName}. */
    public static Output<Result> of(Output<String> resourceGroupName, Output<String> resourceName) {
        Args a = new Args();
        a.resourceGroupName = resourceGroupName;
        a.resourceName = resourceName;
        return Deployment.getInstance().invoke(TYPE, TypeShape.of(Result.class), a,
                Provider.PINNED.invokeOptions()).asSecret();
    }

    public static final class Args extends InvokeArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "resourceName", required = true)
        public Output<String> resourceName;
    }

    /** The outputs read ({@code ListWebPubSubKeysResult}). */
    @CustomType
    public static final class Result {
        private String primaryConnectionString;
        private String secondaryKey;

        public String primaryConnectionString() {
            return primaryConnectionString;
        }

        public String secondaryKey() {
            return secondaryKey;
        }

        @CustomType.Builder
        public static final class Builder {
            private final Result r = new Result();

            @CustomType.Setter("primaryConnectionString")
            public Builder primaryConnectionString(String v) {
                r.primaryConnectionString = v;
                return this;
            }

            @CustomType.Setter("secondaryKey")
            public Builder secondaryKey(String v) {
                r.secondaryKey = v;
                return this;
            }

            public Result build() {
                return r;
            }
        }
    }
}
