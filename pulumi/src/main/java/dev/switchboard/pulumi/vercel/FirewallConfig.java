package dev.switchboard.pulumi.vercel;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.provider.SchemaType;

import java.util.List;

/** {@code vercel:index/firewallConfig:FirewallConfig}: the project's firewall: here one rate-limit rule. */
public final class FirewallConfig extends CustomResource {
    public static final String TYPE = "vercel:index/firewallConfig:FirewallConfig";

    public FirewallConfig(String name, Args args, CustomResourceOptions options) {
        super(TYPE, name, args, Provider.PINNED.options(options));
    }

    public static final class Args extends ResourceArgs {
        @Import(name = "projectId", required = true)
        public Output<String> projectId;
        @Import(name = "teamId")
        public Output<String> teamId;
        @Import(name = "enabled")
        public Output<Boolean> enabled;
        @Import(name = "rules")
        public Output<Rules> rules;
    }

    /** {@code FirewallConfigRules}. */
    @SchemaType("FirewallConfigRules")
    public static final class Rules extends ResourceArgs {
        @Import(name = "rules")
        public Output<List<Rule>> rules;
    }

    /** {@code FirewallConfigRulesRule}. */
    @SchemaType("FirewallConfigRulesRule")
    public static final class Rule extends ResourceArgs {
        @Import(name = "name", required = true)
        public Output<String> name;
        @Import(name = "description")
        public Output<String> description;
        @Import(name = "active")
        public Output<Boolean> active;
        @Import(name = "conditionGroups", required = true)
        public Output<List<ConditionGroup>> conditionGroups;
        @Import(name = "action", required = true)
        public Output<Action> action;
    }

    /** {@code FirewallConfigRulesRuleConditionGroup}: all must match. */
    @SchemaType("FirewallConfigRulesRuleConditionGroup")
    public static final class ConditionGroup extends ResourceArgs {
        @Import(name = "conditions", required = true)
        public Output<List<Condition>> conditions;
    }

    /** {@code FirewallConfigRulesRuleConditionGroupCondition}: e.g. {@code path} {@code pre} {@code /dev}. */
    @SchemaType("FirewallConfigRulesRuleConditionGroupCondition")
    public static final class Condition extends ResourceArgs {
        @Import(name = "type", required = true)
        public Output<String> type;
        @Import(name = "op", required = true)
        public Output<String> op;
        @Import(name = "value")
        public Output<String> value;
    }

    /** {@code FirewallConfigRulesRuleAction}. */
    @SchemaType("FirewallConfigRulesRuleAction")
    public static final class Action extends ResourceArgs {
        @Import(name = "action", required = true)
        public Output<String> action;
        @Import(name = "actionDuration")
        public Output<String> actionDuration;
        @Import(name = "rateLimit")
        public Output<RateLimit> rateLimit;
    }

    /** {@code FirewallConfigRulesRuleActionRateLimit}: a fixed window per key. */
    @SchemaType("FirewallConfigRulesRuleActionRateLimit")
    public static final class RateLimit extends ResourceArgs {
        @Import(name = "algo", required = true)
        public Output<String> algo;
        @Import(name = "window", required = true)
        public Output<Integer> window;
        @Import(name = "limit", required = true)
        public Output<Integer> limit;
        @Import(name = "keys", required = true)
        public Output<List<String>> keys;
        @Import(name = "action", required = true)
        public Output<String> action;
    }
}
