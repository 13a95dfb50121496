package dev.switchboard.pulumi.cloudflare;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

import java.util.List;

/** {@code cloudflare:index/ruleset:Ruleset}: here the zone's {@code http_ratelimit} phase with one rule. */
public final class Ruleset extends CustomResource {
    public static final String TYPE = "cloudflare:index/ruleset:Ruleset";

    public Ruleset(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "zoneId")
        public Output<String> zoneId;
        @Import(name = "name", required = true)
        public Output<String> name;
        @Import(name = "description")
        public Output<String> description;
        @Import(name = "kind", required = true)
        public Output<String> kind;
        @Import(name = "phase", required = true)
        public Output<String> phase;
        @Import(name = "rules")
        public Output<List<Rule>> rules;
    }

    /** {@code RulesetRuleArgs}. */
    @SchemaType("RulesetRuleArgs")
    public static final class Rule extends ResourceArgs {
        @Import(name = "action", required = true)
        public Output<String> action;
        @Import(name = "expression", required = true)
        public Output<String> expression;
        @Import(name = "description")
        public Output<String> description;
        @Import(name = "enabled")
        public Output<Boolean> enabled;
        @Import(name = "ratelimit")
        public Output<Ratelimit> ratelimit;
    }

    /** {@code RulesetRuleRatelimitArgs}. */
    @SchemaType("RulesetRuleRatelimitArgs")
    public static final class Ratelimit extends ResourceArgs {
        @Import(name = "characteristics", required = true)
        public Output<List<String>> characteristics;
        @Import(name = "period", required = true)
        public Output<Integer> period;
        @Import(name = "requestsPerPeriod")
        public Output<Integer> requestsPerPeriod;
        @Import(name = "mitigationTimeout")
        public Output<Integer> mitigationTimeout;
    }
}
