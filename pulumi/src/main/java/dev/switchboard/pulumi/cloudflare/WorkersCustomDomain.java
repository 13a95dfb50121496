package dev.switchboard.pulumi.cloudflare;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

/** {@code cloudflare:index/workersCustomDomain:WorkersCustomDomain}: a hostname served by the Worker. */
public final class WorkersCustomDomain extends CustomResource {
    public static final String TYPE = "cloudflare:index/workersCustomDomain:WorkersCustomDomain";

    public WorkersCustomDomain(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "accountId")
        public Output<String> accountId;
        @Import(name = "zoneId")
        public Output<String> zoneId;
        @Import(name = "hostname", required = true)
        public Output<String> hostname;
        @Import(name = "service", required = true)
        public Output<String> service;
    }
}
