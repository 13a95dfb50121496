package dev.switchboard.pulumi.vercel;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

/**
 * {@code vercel:index/project:Project}: the project the function is deployed to, with its maximum duration on Fluid
 * compute and its root directory ({@link FunctionFiles#ROOT_DIRECTORY}).
 */
public final class Project extends CustomResource {
    public static final String TYPE = "vercel:index/project:Project";

    public Project(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "name")
        public Output<String> name;
        @Import(name = "teamId")
        public Output<String> teamId;
        @Import(name = "framework")
        public Output<String> framework;
        @Import(name = "serverlessFunctionRegion")
        public Output<String> serverlessFunctionRegion;
        @Import(name = "resourceConfig")
        public Output<ResourceConfig> resourceConfig;
        @Import(name = "rootDirectory")
        public Output<String> rootDirectory;
    }

    /** {@code ProjectResourceConfig}: Fluid compute and the functions' maximum duration in seconds. */
    @SchemaType("ProjectResourceConfig")
    public static final class ResourceConfig extends ResourceArgs {
        @Import(name = "fluid")
        public Output<Boolean> fluid;
        @Import(name = "functionDefaultTimeout")
        public Output<Integer> functionDefaultTimeout;
    }
}
