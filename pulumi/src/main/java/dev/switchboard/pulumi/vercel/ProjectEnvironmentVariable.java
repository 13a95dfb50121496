package dev.switchboard.pulumi.vercel;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

import java.util.List;

/** {@code vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable}: one environment variable of the project; secrets as sensitive values. */
public final class ProjectEnvironmentVariable extends CustomResource {
    public static final String TYPE = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";

    public ProjectEnvironmentVariable(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "projectId", required = true)
        public Output<String> projectId;
        @Import(name = "teamId")
        public Output<String> teamId;
        @Import(name = "key", required = true)
        public Output<String> key;
        @Import(name = "value")
        public Output<String> value;
        @Import(name = "sensitive", required = true)
        public Output<Boolean> sensitive;
        @Import(name = "targets")
        public Output<List<String>> targets;
        @Import(name = "comment")
        public Output<String> comment;
    }
}
