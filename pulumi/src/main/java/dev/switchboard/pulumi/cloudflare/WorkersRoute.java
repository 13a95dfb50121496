package dev.switchboard.pulumi.cloudflare;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

/** {@code cloudflare:index/workersRoute:WorkersRoute}: a zone route pattern to the Worker. */
public final class WorkersRoute extends CustomResource {
    public static final String TYPE = "cloudflare:index/workersRoute:WorkersRoute";

    public WorkersRoute(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "zoneId")
        public Output<String> zoneId;
        @Import(name = "pattern", required = true)
        public Output<String> pattern;
        @Import(name = "script")
        public Output<String> script;
    }
}
