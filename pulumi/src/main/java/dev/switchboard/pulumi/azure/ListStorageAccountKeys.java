package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.TypeShape;
import com.pulumi.core.annotations.CustomType;
import com.pulumi.core.annotations.Import;
import com.pulumi.deployment.Deployment;
import com.pulumi.resources.InvokeArgs;

import java.util.List;

/**
 * {@code azure-native:storage:listStorageAccountKeys}: the storage account's access keys, from which the function's
 * Table Storage connection string is made. The result is returned as a Pulumi secret.
 */
public final class ListStorageAccountKeys {
    public static final String TYPE = "azure-native:storage:listStorageAccountKeys";

    private ListStorageAccountKeys() {
    }

    /**
     * The connection string of account {@code accountName} with its first key, as the Azure SDKs take it
     * (https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string).
     */
    public static Output<String> connectionString(Output<String> resourceGroupName, Output<String> accountName) {
        Args a = new Args();
        a.resourceGroupName = resourceGroupName;
        a.accountName = accountName;
        Output<Result> keys = Deployment.getInstance().invoke(TYPE, TypeShape.of(Result.class), a,
                Provider.PINNED.invokeOptions());
        return Output.tuple(accountName, keys).applyValue(x -> "DefaultEndpointsProtocol=https;AccountName=" + x.t1
                + ";AccountKey=" + x.t2.keys.get(0).value + ";EndpointSuffix=core.windows.net").asSecret();
    }

    public static final class Args extends InvokeArgs {
        @Import(name = "resourceGroupName", required = true)
        public Output<String> resourceGroupName;
        @Import(name = "accountName", required = true)
        public Output<String> accountName;
    }

    /** The outputs read ({@code ListStorageAccountKeysResult}). */
    @CustomType
    public static final class Result {
        private List<Key> keys;

        @CustomType.Builder
        public static final class Builder {
            private final Result r = new Result();

            @CustomType.Setter("keys")
            public Builder keys(List<Key> v) {
                r.keys = v;
                return this;
            }

            public Result build() {
                return r;
            }
        }
    }

    /** One key ({@code storage.StorageAccountKeyResponse}): its name and value. */
    @CustomType
    public static final class Key {
        private String keyName;
        private String value;

        @CustomType.Builder
        public static final class Builder {
            private final Key k = new Key();

            @CustomType.Setter("keyName")
            public Builder keyName(String v) {
                k.keyName = v;
                return this;
            }

            @CustomType.Setter("value")
            public Builder value(String v) {
                k.value = v;
                return this;
            }

            public Key build() {
                return k;
            }
        }
    }
}
