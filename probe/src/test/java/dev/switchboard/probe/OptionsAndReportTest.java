package dev.switchboard.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line, the token rules and the report formats, without a server. */
class OptionsAndReportTest {
    @Test
    void tokenOnTheCommandLine_isRefused_withTheFix() {
        assertThatThrownBy(() -> ProbeOptions.parse(new String[] {"--url", "wss://x.example/", "--token", "abc"}))
                .hasMessageContaining("never go on the command line").hasMessageContaining("--token-file");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--url", "wss://x.example/", "--token=abc"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("abc");
    }

    @Test
    void help_printsTheProbesOwnOptions_andExits0() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"--url", "ws://127.0.0.1:1/dev", "--help"}}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ./switchboard probe --url URL");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Test
    void help_namesOnlyOptionsTheParserAccepts() {
        List<String> named = java.util.regex.Pattern.compile("--[a-z-]+").matcher(Main.USAGE).results()
                .map(java.util.regex.MatchResult::group).distinct()
                .filter(o -> !o.equals("--help") && !o.equals("--token") && !o.equals("--json")).toList();

        assertThat(named).contains("--url", "--management-url", "--token-file", "--only", "--share");
        for (String option : named) {
            assertThatThrownBy(() -> ProbeOptions.parse(new String[] {option}))
                    .as(option).hasMessageContaining(option + " needs a value");
        }
    }

    @Test
    void regionTaggedUrls_makeOneTargetEach_withTheirManagementUrls() {
        ProbeOptions o = ProbeOptions.parse(new String[] {
                "--url", "us-east-1=wss://d1.cloudfront.net/,https://a1.execute-api.us-east-1.amazonaws.com/prod",
                "--url", "eu-west-1=wss://d2.cloudfront.net/"});
        assertThat(o.targets()).extracting(Target::region).containsExactly("us-east-1", "eu-west-1");
        assertThat(o.targets().get(0).managementUrl()).hasToString("https://a1.execute-api.us-east-1.amazonaws.com/prod");
        assertThat(o.targets().get(1).managementUrl()).isNull();
        assertThatThrownBy(() -> ProbeOptions.parse(new String[] {"--url", "wss://a/", "--url", "wss://b/"}))
                .hasMessageContaining("tag each with its region");
    }

    @Test
    void oneUrl_takesItsRegionFromTheManagementHost_andLocalFindsItsManagementApi() {
        ProbeOptions aws = ProbeOptions.parse(new String[] {"--url", "wss://d1.cloudfront.net/",
                "--management-url", "https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/prod/@connections"});
        assertThat(aws.targets().get(0).region()).isEqualTo("ap-northeast-1");
        assertThat(aws.targets().get(0).managementUrl()).hasToString("https://a1b2c3d4e5.execute-api.ap-northeast-1.amazonaws.com/prod");
        assertThat(aws.targets().get(0).loopbackManagement()).isFalse();
        ProbeOptions local = ProbeOptions.parse(new String[] {"--url", "ws://127.0.0.1:8080/dev"});
        assertThat(local.targets().get(0).managementUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/dev"));
        assertThat(local.targets().get(0).loopbackManagement()).isTrue();
        assertThatThrownBy(() -> ProbeOptions.parse(new String[] {"--url", "https://x/"})).hasMessageContaining("Fix:");
        assertThatThrownBy(() -> ProbeOptions.parse(new String[] {"--url", "wss://x/", "--members", "1000"}))
                .hasMessageContaining("--members");
    }

    @Test
    void tokens_comeFromTheEnvironment_areReadForTheirUser_andAreRedacted() {
        Tokens minted = Tokens.minted("a-signing-key-of-at-least-32-bytes!!", "iss", "aud");
        String a = minted.users().get(0).token();
        String b = minted.users().get(1).token();
        Tokens t = Tokens.load(null, null, Map.of("SWITCHBOARD_PROBE_TOKENS", a + "\n " + b + " " + a), "i", "a");
        assertThat(t.users()).extracting(Tokens.User::id).containsExactly(Tokens.USER_A, Tokens.USER_B);
        assertThat(t.canMint()).isFalse();
        assertThat(t.expired()).isNull();
        assertThat(t.badSignature()).isNotEqualTo(a).startsWith(a.substring(0, a.lastIndexOf('.') + 1));
        String printed = t.redact("wss://h/?token=" + a + " and " + t.badSignature());
        assertThat(printed).startsWith("wss://h/?token=<token> and <token>.").doesNotContain(a.substring(0, a.lastIndexOf('.')));
        assertThatThrownBy(() -> Tokens.load(null, null, Map.of(), "i", "a")).hasMessageContaining("--token-file");
    }

    @Test
    void summaryAndJunit_countEveryOutcome() {
        List<Result> rs = List.of(new Result("a_passes", Result.Status.PASSED, "", Duration.ofMillis(5)),
                new Result("b_fails", Result.Status.FAILED, "expected <x> & \"y\"", Duration.ofMillis(7)),
                new Result("c_skips", Result.Status.SKIPPED, "no --management-url", Duration.ZERO));
        assertThat(Report.summary(rs)).isEqualTo("1 passed, 1 failed, 1 skipped");
        assertThat(Report.summary(rs.subList(0, 2))).isEqualTo("1 passed, 1 failed");
        String xml = Report.junit(rs, Duration.ofSeconds(1));
        assertThat(xml).contains("<testsuite name=\"switchboard-probe\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\"")
                .contains("<testcase classname=\"switchboard-probe\" name=\"b_fails\" time=\"0.007\">")
                .contains("<failure message=\"expected &lt;x&gt; &amp; &quot;y&quot;\"/>")
                .contains("<skipped message=\"no --management-url\"/>");
        assertThat(rs.get(1).line()).isEqualTo("fail  b_fails  (expected <x> & \"y\")");
    }
}
