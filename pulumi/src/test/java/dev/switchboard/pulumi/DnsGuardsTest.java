package dev.switchboard.pulumi;

import dev.switchboard.blueprint.AlarmSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards of the custom domain's DNS over the graph of the environment with every option on (ParityTest's "qa"): no
 * region's health follows an alarm a single client can trip (one client with bad tokens would take the region out of
 * DNS), and no Route 53 record is declared twice (a second declaration of an ACM validation CNAME, one per region with
 * {@code allowOverwrite}, let removing one region delete the record every other region renews with:
 * terraform-provider-aws #13653). Each guard is shown to fail on the graph with its fault put back.
 */
class DnsGuardsTest {
    static ProgramRun run;

    @BeforeAll
    static void render() {
        run = ProgramRun.shared(ProgramRun.blueprint("qa", ParityTest.QA));
    }

    /** Health checks that follow an alarm on an API metric one client can drive. */
    static List<String> clientDrivenHealth(List<AwsMocks.Registered> resources) {
        Map<Object, Object> metricOf = new HashMap<>();
        resources.stream().filter(r -> r.type().equals(Types.ALARM))
                .forEach(r -> metricOf.put(r.inputs().get("name"), r.inputs().get("metricName")));
        List<String> out = new ArrayList<>();
        resources.stream().filter(r -> r.type().equals(Types.HEALTH_CHECK) && r.inputs().containsKey("cloudwatchAlarmName"))
                .forEach(h -> {
                    Object metric = metricOf.get(h.inputs().get("cloudwatchAlarmName"));
                    if (AlarmSpec.CLIENT_DRIVEN_API_METRICS.contains(String.valueOf(metric))) {
                        out.add(h.name() + " follows " + h.inputs().get("cloudwatchAlarmName") + " (" + metric + ")");
                    }
                });
        return out;
    }

    /** Route 53 records declared more than once (same zone, name and type). */
    static List<String> duplicateRecords(List<AwsMocks.Registered> resources) {
        Map<String, List<String>> byKey = new TreeMap<>();
        resources.stream().filter(r -> r.type().equals(Types.RECORD)).forEach(r -> byKey.computeIfAbsent(
                r.inputs().get("zoneId") + " " + r.inputs().get("name") + " " + r.inputs().get("type") + " "
                        + r.inputs().getOrDefault("setIdentifier", ""), k -> new ArrayList<>()).add(r.name()));
        return byKey.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " declared by " + e.getValue()).toList();
    }

    @Test
    void theGraph_passesBothGuards() {
        assertThat(run.ofType(Types.HEALTH_CHECK, h -> h.inputs().containsKey("cloudwatchAlarmName"))).hasSize(2);
        assertThat(clientDrivenHealth(run.resources)).isEmpty();
        assertThat(run.ofType(Types.RECORD)).hasSizeGreaterThan(4);
        assertThat(duplicateRecords(run.resources)).isEmpty();
    }

    @Test
    void aHealthCheckOnTheClientErrorSurgeAlarm_isCaught() {
        // GIVEN eu-west-1's health following its client-error-surge alarm (as before round 3)
        List<AwsMocks.Registered> faulty = new ArrayList<>();
        for (AwsMocks.Registered r : run.resources) {
            if (r.name().equals("eu-west-1-origin-alarm-0")) {
                Map<String, Object> in = new HashMap<>(r.inputs());
                in.put("cloudwatchAlarmName", "switchboard-qa-eu-west-1-api-client-error-surge");
                faulty.add(new AwsMocks.Registered(r.type(), r.name(), in, r.provider()));
            } else {
                faulty.add(r);
            }
        }
        assertThat(clientDrivenHealth(faulty)).containsExactly("eu-west-1-origin-alarm-0 follows"
                + " switchboard-qa-eu-west-1-api-client-error-surge (ClientError)");
    }

    @Test
    void aValidationRecordPerRegion_isCaught() {
        // GIVEN the origin name's validation record declared again by a second region (as before round 3)
        AwsMocks.Registered record = run.named(Types.RECORD, "us-east-1-origin-certificate-validation");
        List<AwsMocks.Registered> faulty = new ArrayList<>(run.resources);
        faulty.add(new AwsMocks.Registered(record.type(), "us-west-2-origin-certificate-validation", record.inputs(),
                record.provider()));
        assertThat(duplicateRecords(faulty)).singleElement().satisfies(d -> assertThat(d)
                .endsWith("declared by [us-east-1-origin-certificate-validation, us-west-2-origin-certificate-validation]"));
    }
}
