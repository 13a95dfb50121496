package dev.switchboard.pulumi.azure;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

/** {@code azure-native:authorization:RoleAssignment}: a built-in role granted to the function's identity on one scope. */
public final class RoleAssignment extends CustomResource {
    public static final String TYPE = "azure-native:authorization:RoleAssignment";

    public RoleAssignment(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "principalId", required = true)
        public Output<String> principalId;
        @Import(name = "principalType")
        public Output<String> principalType;
        @Import(name = "roleDefinitionId", required = true)
        public Output<String> roleDefinitionId;
        @Import(name = "scope", required = true)
        public Output<String> scope;
        @Import(name = "description")
        public Output<String> description;
    }
}
