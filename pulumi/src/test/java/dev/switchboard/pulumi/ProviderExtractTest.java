package dev.switchboard.pulumi;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.ResourceArgs;
import dev.switchboard.pulumi.cloudflare.Provider;
import dev.switchboard.pulumi.cloudflare.Ruleset;
import dev.switchboard.pulumi.provider.PinnedProvider;
import dev.switchboard.pulumi.provider.SchemaType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema-extract check itself, against the committed Cloudflare extract (the real classes pass it in
 * CloudflareStackTest): it names each fault of a class that has one (a wrong token, a misspelt input, a nested type's misspelt input, a required
 * input left out or not marked, a nested class with no schema type, an extract of another version).
 */
class ProviderExtractTest {
    static final ProviderExtract CF = ProviderExtract.load(dev.switchboard.pulumi.cloudflare.Provider.class,
            "provider-6.17.0-extract.json");

    /** A Ruleset whose token is misspelt. */
    static final class WrongToken extends CustomResource {
        public static final String TYPE = "cloudflare:index/ruleSet:Ruleset";

        WrongToken() {
            super(TYPE, "x", null, null);
        }

        public static final class Args extends ResourceArgs {
            @Import(name = "name", required = true)
            public Output<String> name;
        }
    }

    /** The real token, with a misspelt input, a required one not marked, and a nested type with a misspelt input. */
    static final class WrongInputs extends CustomResource {
        public static final String TYPE = Ruleset.TYPE;

        WrongInputs() {
            super(TYPE, "x", null, null);
        }

        public static final class Args extends ResourceArgs {
            @Import(name = "zoneID")
            public Output<String> zoneId;
            @Import(name = "name")
            public Output<String> name;
            @Import(name = "kind", required = true)
            public Output<String> kind;
            @Import(name = "phase", required = true)
            public Output<String> phase;
            @Import(name = "rules")
            public Output<List<Rule>> rules;
        }

        @SchemaType("RulesetRuleArgs")
        public static final class Rule extends ResourceArgs {
            @Import(name = "action", required = true)
            public Output<String> action;
            @Import(name = "expression", required = true)
            public Output<String> expression;
            @Import(name = "rateLimit")
            public Output<Map<String, Untyped>> ratelimit;
        }

        /** Nested, with no {@code @SchemaType}. */
        public static final class Untyped extends ResourceArgs {
            @Import(name = "period")
            public Output<Integer> period;
        }
    }

    /** A required input ({@code kind}) not declared at all. */
    static final class MissingRequired extends CustomResource {
        public static final String TYPE = Ruleset.TYPE;

        MissingRequired() {
            super(TYPE, "x", null, null);
        }

        public static final class Args extends ResourceArgs {
            @Import(name = "name", required = true)
            public Output<String> name;
            @Import(name = "phase", required = true)
            public Output<String> phase;
        }
    }

    @Test
    void aMisspeltToken_isNamed() {
        assertThat(CF.problems(Provider.PINNED, List.of(WrongToken.class)))
                .containsExactly("WrongToken: cloudflare:index/ruleSet:Ruleset is not a resource of "
                        + "provider-6.17.0-extract.json");
    }

    @Test
    void misspeltInputs_anUnmarkedRequiredOne_andAnUntypedNestedClass_areEachNamed() {
        List<String> p = CF.problems(Provider.PINNED, List.of(WrongInputs.class));
        assertThat(p).hasSize(4);
        assertThat(p).anyMatch(s -> s.startsWith("Args.zoneId (zoneID) of cloudflare:index/ruleset:Ruleset is not an"
                        + " input"))
                .contains("Args.name (name) of cloudflare:index/ruleset:Ruleset is marked required=false, the"
                        + " provider says true")
                .anyMatch(s -> s.startsWith("Rule.ratelimit (rateLimit) of RulesetRuleArgs is not an input"))
                .anyMatch(s -> s.contains("Untyped (used by Rule.ratelimit (rateLimit) of RulesetRuleArgs) has no"
                        + " @SchemaType"));
    }

    @Test
    void aRequiredInputNotDeclared_isNamed() {
        assertThat(CF.problems(Provider.PINNED, List.of(MissingRequired.class)))
                .containsExactly("Args of cloudflare:index/ruleset:Ruleset does not declare the required input kind");
    }

    @Test
    void anotherVersion_anotherPluginLocation_orAnotherProvidersToken_isNamed() {
        PinnedProvider newer = new PinnedProvider("cloudflare", "6.18.0", null);
        assertThat(CF.problems(newer, List.of(Ruleset.class))).containsExactly(
                "provider-6.17.0-extract.json is of version 6.17.0, the classes pin 6.18.0");
        PinnedProvider elsewhere = new PinnedProvider("cloudflare", "6.17.0", "github://api.github.com/someone");
        assertThat(CF.problems(elsewhere, List.of(Ruleset.class))).containsExactly("provider-6.17.0-extract.json"
                + " downloads the plugin from null, the classes from github://api.github.com/someone");
        PinnedProvider other = new PinnedProvider("vercel", "6.17.0", null);
        assertThat(CF.problems(other, List.of(Ruleset.class))).containsExactly(
                "Ruleset: cloudflare:index/ruleset:Ruleset is not a token of vercel");
    }

    @Test
    void aDeclaredResource_withAnUnknownInput_orARequiredOneUnset_isNamed() {
        assertThat(CF.problemsOfDeclared(Ruleset.TYPE, Map.of("name", "n", "kind", "zone", "phase", "p")))
                .isEmpty();
        assertThat(CF.problemsOfDeclared(Ruleset.TYPE, Map.of("name", "n", "kind", "zone", "zone_id", "z")))
                .containsExactly("cloudflare:index/ruleset:Ruleset sets zone_id, not an input",
                        "cloudflare:index/ruleset:Ruleset leaves the required input phase unset");
    }
}
