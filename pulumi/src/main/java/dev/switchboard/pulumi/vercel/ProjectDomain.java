package dev.switchboard.pulumi.vercel;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

/** {@code vercel:index/projectDomain:ProjectDomain}: a domain served by the project. */
public final class ProjectDomain extends CustomResource {
    public static final String TYPE = "vercel:index/projectDomain:ProjectDomain";

    public ProjectDomain(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "projectId", required = true)
        public Output<String> projectId;
        @Import(name = "teamId")
        public Output<String> teamId;
        @Import(name = "domain", required = true)
        public Output<String> domain;
    }
}
