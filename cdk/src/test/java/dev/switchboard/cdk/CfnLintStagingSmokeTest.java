package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link CfnLintTest} over staging, the one environment the README's test command leaves out of its lint (it is prod
 * with shorter log retention and no retained data): bench/smoke.sh runs it. Zero errors; every warning accepted by an
 * entry of cdk/cfn-lint-accepted.json.
 */
class CfnLintStagingSmokeTest {
    @Test
    void stagingsStacks_lintWithoutErrors_andOnlyAcceptedWarnings() throws Exception {
        Map<String, Integer> linted = new TreeMap<>();
        List<CfnLintTest.Finding> findings = CfnLintTest.lintEnvironments(List.of("staging"), linted);
        assertThat(linted).containsOnlyKeys("us-east-1", "eu-west-1", "ap-northeast-1");
        assertThat(findings).filteredOn(f -> f.level().equals("Error")).isEmpty();
        Map<String, Object> file = SwitchboardApp.readJson(SwitchboardApp.root().resolve("cdk/cfn-lint-accepted.json"));
        List<Map<String, String>> accepted = new ObjectMapper().convertValue(file.get("accepted"),
                new TypeReference<List<Map<String, String>>>() { });
        assertThat(findings).filteredOn(f -> f.level().equals("Warning")).as("warnings without an entry in"
                + " cdk/cfn-lint-accepted.json").allSatisfy(f -> assertThat(accepted).anySatisfy(a -> assertThat(
                        a.get("rule").equals(f.rule()) && f.resource().matches(a.get("resources"))).isTrue()));
    }
}
