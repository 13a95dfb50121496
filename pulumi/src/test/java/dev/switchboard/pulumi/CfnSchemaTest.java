package dev.switchboard.pulumi;

import com.google.gson.Gson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS's own CloudFormation resource schemas (as cfn-lint ships them, {@link CfnSchemas}) against the Pulumi graphs of
 * prod, dev and an environment with every option on (ParityTest's "qa": access logs with the account role, a custom
 * domain, a custom route, another primary region): each pulumi-aws resource's inputs are mapped to the properties of
 * its CloudFormation type by {@code cfn-schema-map.json} ({@link CfnMapping}) and checked against the schema's
 * patterns, enums, lengths and bounds in the resource's own region. The Pulumi mocks accept any value; AWS does not
 * (a web ACL described as {@code Switchboard edge protection (prod)} failed every {@code pulumi up}: WAFv2's
 * EntityDescription pattern refuses parentheses, cds-snc/ai-answers PR #1291).
 */
class CfnSchemaTest {
    static final Map<String, ProgramRun> RUNS = new LinkedHashMap<>();
    static CfnMapping mapping;
    static CfnSchemas.Loaded schemas;

    @BeforeAll
    static void render() {
        // GIVEN the graphs of prod, dev and an environment with every option on
        RUNS.put("prod", ProgramRun.shared(ProgramRun.blueprint("prod", Map.of("alarmEmail", ProdStackTest.EMAIL))));
        RUNS.put("dev", ProgramRun.shared(ProgramRun.blueprint("dev", Map.of())));
        RUNS.put("qa", ProgramRun.shared(ProgramRun.blueprint("qa", ParityTest.QA)));
        mapping = CfnMapping.load();
        // AND the schema of every mapped type in every region it is created in
        Set<String> keys = new TreeSet<>();
        RUNS.values().forEach(run -> run.resources.forEach(r -> {
            String cfn = mapping.cfnType(r.type());
            if (cfn != null && mapping.typeGap(r.type()) == null) {
                keys.add(CfnSchemas.key(run.regionOf(r), cfn));
            }
        }));
        schemas = CfnSchemas.load(keys);
    }

    /** Every finding of {@code run}: values the schema refuses and tokens or inputs the table does not account for. */
    static List<CfnMapping.Finding> findings(String env, ProgramRun run, CfnMapping table) {
        return findings(env, run.resources, run::regionOf, table);
    }

    static List<CfnMapping.Finding> findings(String env, List<AwsMocks.Registered> resources,
                                             Function<AwsMocks.Registered, String> regionOf, CfnMapping table) {
        List<CfnMapping.Finding> out = new ArrayList<>();
        for (AwsMocks.Registered r : resources) {
            String name = env + " " + r.name();
            if (table.typeGap(r.type()) != null) {
                continue;
            }
            String cfn = table.cfnType(r.type());
            if (cfn == null) {
                out.add(new CfnMapping.Finding(name, r.type(), "type token not in " + CfnMapping.FILE
                        + " (map it to its CloudFormation type or list it in typeGaps with its reason)"));
                continue;
            }
            Map<String, Object> schema = schemas.schema(regionOf.apply(r), cfn);
            if (schema == null) {
                out.add(new CfnMapping.Finding(name, r.type(), "cfn-lint " + schemas.version() + " has no schema for "
                        + cfn + " in " + regionOf.apply(r)));
                continue;
            }
            out.addAll(table.check(name, r.type(), r.inputs(), schema));
        }
        return out;
    }

    @Test
    void everyInputOfEveryGraph_satisfiesTheCloudFormationSchema_andEveryTokenAndInputIsAccountedFor() {
        List<CfnMapping.Finding> all = new ArrayList<>();
        RUNS.forEach((env, run) -> all.addAll(findings(env, run, mapping)));
        assertThat(all).as("cfn-lint " + schemas.version() + " schemas against the Pulumi graphs").isEmpty();
    }

    @Test
    void everyEntryOfTheTable_isUsedByAGraph() {
        RUNS.forEach((env, run) -> findings(env, run, mapping));
        Set<String> stale = new TreeSet<>(mapping.entries());
        stale.removeAll(mapping.used());
        assertThat(stale).as("entries of " + CfnMapping.FILE + " no graph uses (remove them)").isEmpty();
        assertThat(mapping.gaps()).as("every gap gives its reason")
                .allSatisfy((k, reason) -> assertThat(reason).as(k).hasSizeGreaterThan(20));
    }

    @Test
    void theOldWebAclDescription_isRefused() {
        // GIVEN prod's web ACL described as it was before round 3
        ProgramRun prod = RUNS.get("prod");
        AwsMocks.Registered acl = prod.ofType(Types.WEB_ACL).get(0);
        Map<String, Object> inputs = new HashMap<>(acl.inputs());
        inputs.put("description", "Switchboard edge protection (prod)");
        // WHEN the schema check reads it
        List<CfnMapping.Finding> found = mapping.check(acl.name(), acl.type(), inputs,
                schemas.schema(prod.regionOf(acl), mapping.cfnType(acl.type())));
        // THEN the description is refused by WAFv2's EntityDescription pattern (cfn-lint E3031 on the same value)
        assertThat(found).singleElement().satisfies(f -> assertThat(f.toString())
                .startsWith(acl.name() + " description: Description 'Switchboard edge protection (prod)' does not match"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void refusalsDeepInTheInputs_areFound() {
        // GIVEN dev's web ACL with a space in a rule's metric name, an alarm with an empty dimension value and a
        // function with an environment variable name Lambda refuses (no letter)
        ProgramRun dev = RUNS.get("dev");
        AwsMocks.Registered acl = dev.ofType(Types.WEB_ACL).get(0);
        Map<String, Object> aclInputs = new Gson().fromJson(new Gson().toJson(acl.inputs()), Map.class);
        Map<String, Object> visibility = ProgramRun.at(aclInputs, "rules", 1, "visibilityConfig");
        visibility.put("metricName", "query size");
        AwsMocks.Registered alarm = dev.ofType(Types.ALARM, a -> a.inputs().containsKey("dimensions")).get(0);
        Map<String, Object> alarmInputs = new HashMap<>(alarm.inputs());
        Map<String, Object> dimensions = new HashMap<>((Map<String, Object>) alarmInputs.get("dimensions"));
        dimensions.replaceAll((k, v) -> "");
        alarmInputs.put("dimensions", dimensions);
        AwsMocks.Registered fn = dev.ofType(Types.FUNCTION).get(0);
        Map<String, Object> fnInputs = new Gson().fromJson(new Gson().toJson(fn.inputs()), Map.class);
        ((Map<String, Object>) ProgramRun.at(fnInputs, "environment", "variables")).put("9", "x");
        // WHEN the schema check reads them
        List<AwsMocks.Registered> resources = List.of(
                new AwsMocks.Registered(acl.type(), acl.name(), aclInputs, acl.provider()),
                new AwsMocks.Registered(alarm.type(), alarm.name(), alarmInputs, alarm.provider()),
                new AwsMocks.Registered(fn.type(), fn.name(), fnInputs, fn.provider()));
        // THEN each is reported at its place
        assertThat(findings("dev", resources, dev::regionOf, mapping)).extracting(CfnMapping.Finding::toString)
                .anySatisfy(f -> assertThat(f).startsWith("dev " + acl.name() + " rules[].visibilityConfig.metricName: "
                        + "Rules[].VisibilityConfig.MetricName 'query size' does not match"))
                .anySatisfy(f -> assertThat(f).startsWith("dev " + alarm.name() + " dimensions.").contains("Dimensions[].Value")
                        .contains("shorter than minLength 1"))
                .anySatisfy(f -> assertThat(f).startsWith("dev " + fn.name() + " environment.variables.9: key matches none"));
    }

    @Test
    void anInputTheTableDoesNotKnow_andATokenItDoesNotKnow_fail() {
        // GIVEN dev's API with an input the table does not list, and a resource of an unknown type
        ProgramRun dev = RUNS.get("dev");
        AwsMocks.Registered api = dev.ofType(Types.API).get(0);
        Map<String, Object> inputs = new HashMap<>(api.inputs());
        inputs.put("disableExecuteApiEndpoint", true);
        List<AwsMocks.Registered> resources = List.of(
                new AwsMocks.Registered(api.type(), api.name(), inputs, api.provider()),
                new AwsMocks.Registered("aws:appsync/graphQLApi:GraphQLApi", "graphql", Map.of("name", "x"),
                        api.provider()));
        // WHEN the schema check reads them
        List<CfnMapping.Finding> found = findings("dev", resources, dev::regionOf, mapping);
        // THEN both are reported, not skipped
        assertThat(found).extracting(CfnMapping.Finding::path)
                .containsExactly("disableExecuteApiEndpoint", "aws:appsync/graphQLApi:GraphQLApi");
    }
}
