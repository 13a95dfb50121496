package dev.switchboard.pulumi.vercel;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

import java.util.Map;

/** {@code vercel:index/deployment:Deployment}: one deployment of the function's files to the project. */
public final class Deployment extends CustomResource {
    public static final String TYPE = "vercel:index/deployment:Deployment";

    public Deployment(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "projectId", required = true)
        public Output<String> projectId;
        @Import(name = "teamId")
        public Output<String> teamId;
        @Import(name = "files")
        public Output<Map<String, String>> files;
        @Import(name = "environment")
        public Output<Map<String, String>> environment;
        @Import(name = "production")
        public Output<Boolean> production;
    }
}
