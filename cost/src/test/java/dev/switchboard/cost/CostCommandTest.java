package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostCommandTest {
    private static final String[] SMALL = {"--daily-users", "10", "--messages-per-user", "2", "--fanout", "3",
            "--minutes-per-user", "5", "--days", "1"};
    /** {@link #SMALL} as a profile (defaults for the flags it does not give). */
    private static final TrafficProfile SMALL_PROFILE = new TrafficProfile(10, 2, 3, 5, 1, 1, 1, 1, true, null, 0);

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CostCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] with(String[] base, String... more) {
        List<String> l = new ArrayList<>(List.of(base));
        l.addAll(List.of(more));
        return l.toArray(String[]::new);
    }

    @Test
    void json_hasLinesWithTheFiveFieldsAndTheirTotal() throws Exception {
        // GIVEN the small profile
        // WHEN
        Result r = run(with(SMALL, "--json"));
        // THEN
        assertThat(r.code()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("lines").isArray()).isTrue();
        double sum = 0;
        for (JsonNode line : root.get("lines")) {
            assertThat(line.fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("item", "quantity", "unit", "unitPrice", "monthlyUsd");
            sum += line.get("monthlyUsd").asDouble();
        }
        assertThat(root.get("totalUsd").asDouble()).isCloseTo(sum, org.assertj.core.api.Assertions.within(0.05));
        assertThat(root.get("totalUsd").asDouble()).isGreaterThanOrEqualTo(9.0);
    }

    @Test
    void table_listsEveryLineAndTheTotal() {
        // GIVEN / WHEN
        Result r = run(SMALL);
        // THEN
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains(CostModel.MSG_DELIVERIES, CostModel.LAMBDA_REQUESTS, CostModel.DDB_WRITES,
                CostModel.ALARMS, "total");
    }

    @Test
    void prices_fromAFile_multiplyEveryQuantity(@TempDir Path dir) throws Exception {
        // GIVEN every price $1 per unit
        StringBuilder sb = new StringBuilder("{\"prices\":{");
        for (int i = 0; i < PriceBook.REQUIRED.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(PriceBook.REQUIRED.get(i))
                    .append("\":{\"usd\":1,\"per\":1,\"unit\":\"u\",\"source\":\"test\",\"date\":\"2026-11-28\"}");
        }
        Path file = dir.resolve("prices.json");
        Files.writeString(file, sb.append("}}").toString());
        // WHEN
        Result r = run(with(SMALL, "--json", "--prices", file.toString()));
        // THEN each line costs its quantity
        assertThat(r.code()).isZero();
        for (JsonNode line : new ObjectMapper().readTree(r.out()).get("lines")) {
            assertThat(line.get("monthlyUsd").asDouble()).as(line.get("item").asText())
                    .isCloseTo(line.get("quantity").asDouble(), org.assertj.core.api.Assertions.within(0.01));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--daily-users|-5|--daily-users must be 0 or more, got -5",
            "--messages-per-user|-1|--messages-per-user must be 0 or more",
            "--fanout|-2|--fanout must be 0 or more",
            "--daily-users|lots|--daily-users must be a whole number, got 'lots'",
            "--message-kb|0|--message-kb must be greater than 0",
            "--message-kb|200|above 128 KB",
            "--minutes-per-user|2000|a day has 1440 minutes",
            "--days|0|--days must be between 1 and 31",
            "--ms-per-invocation|abc|--ms-per-invocation must be a number",
            "--env|qa|--env: unknown environment 'qa'; use one of dev, prod, staging",
            "--ack-ratio|2|--ack-ratio must be between 0 and 1",
            "--room-size|9|--fanout 3 disagrees with --room-size 9: a room of 9 has 8 recipients",
            "--room-size|0|--room-size must be 1 or more",
    })
    void nonsense_exitsWith2AndNamesTheFlag(String flag, String value, String message) {
        // GIVEN the small profile with one bad value
        List<String> args = new ArrayList<>(List.of(SMALL));
        int i = args.indexOf(flag);
        if (i >= 0) {
            args.set(i + 1, value);
        } else {
            args.add(flag);
            args.add(value);
        }
        // WHEN
        Result r = run(args.toArray(String[]::new));
        // THEN
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
    }

    /** Issue 12 item 5: the message named the option twice ({@code --env: env: ...}) and ended in a CDK hint. */
    @Test
    void unknownEnvironment_oneMessageNamingTheOptionAndTheEnvironments() {
        // GIVEN / WHEN
        Result r = run(with(SMALL, "--env", "nosuch"));
        // THEN
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().findFirst().orElseThrow())
                .isEqualTo("switchboard cost: --env: unknown environment 'nosuch'; use one of dev, prod, staging");
        assertThat(r.err()).doesNotContain("env: env").doesNotContain("-c env");
    }

    @Test
    void unknownFlag_exitsWith2() {
        // GIVEN / WHEN
        Result r = run(with(SMALL, "--users", "5"));
        // THEN
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown flag '--users'");
    }

    @Test
    void missingRequiredFlags_areNamed() {
        // GIVEN / WHEN
        Result r = run("--daily-users", "5");
        // THEN
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing --messages-per-user, --minutes-per-user");
    }

    @Test
    void flagWithoutValue_exitsWith2() {
        // GIVEN / WHEN
        Result r = run(with(SMALL, "--fanout"));
        // THEN
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--fanout needs a value");
    }

    @Test
    void priceFile_withoutAPrice_exitsWith2(@TempDir Path dir) throws Exception {
        // GIVEN a price file that lacks every price
        Path file = dir.resolve("p.json");
        Files.writeString(file, "{\"prices\":{}}");
        // WHEN
        Result r = run(with(SMALL, "--prices", file.toString()));
        // THEN
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("has no price \"apigw.message\"");
    }

    @Test
    void priceFile_missing_exitsWith2(@TempDir Path dir) {
        // GIVEN / WHEN
        Result r = run(with(SMALL, "--prices", dir.resolve("nope.json").toString()));
        // THEN
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--prices: no file");
    }

    @Test
    void checkedInPrices_carryASourceAndDateEach() {
        // GIVEN / WHEN
        PriceBook book = PriceBook.defaults();
        // THEN
        for (String key : PriceBook.REQUIRED) {
            assertThat(book.get(key).source()).as(key).isNotBlank();
            assertThat(book.get(key).date()).as(key).matches("\\d{4}-\\d{2}-\\d{2}");
        }
    }

    @Test
    void compare_printsAColumnPerPlatform_thenAppSyncEventsForReference_withWhatItLacks() {
        // GIVEN the small profile
        // WHEN priced on each platform and compared
        Result aws = run(with(SMALL, "--json"));
        Result cloudflare = run(with(SMALL, "--platform", "cloudflare", "--json"));
        Result azure = run(with(SMALL, "--platform", "azure", "--json"));
        Result vercel = run(with(SMALL, "--platform", "vercel", "--json"));
        Result compare = run(with(SMALL, "--compare"));
        // THEN the comparison has a column per platform in the order AWS, Cloudflare, Azure, Vercel, then the
        // reference, and a total row holding every total
        assertThat(compare.code()).isZero();
        String[] rows = compare.out().split("\\R");
        List<String> headers = List.of("AWS USD", "Cloudflare USD", "Azure USD", "Vercel USD",
                AppSyncEventsModel.LABEL);
        for (int i = 0; i < headers.size(); i++) {
            assertThat(rows[0]).contains(headers.get(i));
            if (i > 0) {
                assertThat(rows[0].indexOf(headers.get(i - 1))).isLessThan(rows[0].indexOf(headers.get(i)));
            }
        }
        String total = java.util.Arrays.stream(rows).filter(row -> row.startsWith("total")).findFirst().orElseThrow();
        String appSync = String.format(java.util.Locale.ROOT, "%,.2f",
                AppSyncEventsModel.estimate(SMALL_PROFILE, PriceBook.defaults()).totalUsd());
        assertThat(total.trim().split("\\s+")).containsExactly("total", money(aws), money(cloudflare), money(azure),
                money(vercel), appSync);
        assertThat(compare.out()).contains(CostModel.LAMBDA_REQUESTS).contains(CloudflareModel.DO_MESSAGES)
                .contains(AzureModel.DELIVERIES).contains(VercelModel.REDIS_COMMANDS)
                .contains(AppSyncEventsModel.DELIVERIES);
        // AND the line after the totals says what the reference does not offer, then each column's assumptions
        int at = java.util.Arrays.asList(rows).indexOf(total);
        assertThat(rows[at + 1]).startsWith("not offered by " + AppSyncEventsModel.LABEL + ": ")
                .contains("presence events").contains("acks with delivery counts").contains("Java route handlers");
        assertThat(java.util.Arrays.copyOfRange(rows, at + 2, rows.length)).isNotEmpty()
                .allSatisfy(row -> assertThat(row).matches("assumed \\((Azure|Vercel)\\): .+"))
                .anySatisfy(row -> assertThat(row).startsWith("assumed (Azure): a peak of"))
                .anySatisfy(row -> assertThat(row).startsWith("assumed (Vercel): connections end after 295 s"));
    }

    @Test
    void azureAndVercel_stateTheirAssumptions_andNameTheirUnverifiedPrices() throws Exception {
        Result azure = run(with(SMALL, "--platform", "azure"));
        assertThat(azure.out()).contains("assumed: a peak of 0 connections open at once (twice the average,"
                + " --peak-connections to change; the average is 0): 1 Web PubSub units")
                .contains("assumed: unverified prices (secondary sources; Azure's pricing pages render in the"
                        + " browser): azure.webpubsub.standardUnitDay, azure.webpubsub.message");
        Result given = run(with(SMALL, "--platform", "azure", "--peak-connections", "3000", "--json"));
        JsonNode notes = new ObjectMapper().readTree(given.out()).get("assumptions");
        assertThat(notes.get(0).asText()).startsWith("a peak of 3,000 connections open at once (--peak-connections;")
                .endsWith(": 5 Web PubSub units");
        Result vercel = run(with(SMALL, "--platform", "vercel", "--max-duration", "100"));
        assertThat(vercel.out()).contains("assumed: connections end after 95 s (--max-duration 100 less the 5 s close"
                + " margin) and reconnect: 4 connection(s) a session of 5 minutes")
                .contains("upstash.redis.payg.command").doesNotContain("unverified prices (secondary sources):"
                        + " vercel.functions.invocation");
        assertThat(run(with(SMALL, "--json")).out()).doesNotContain("assumptions");
    }

    private static String money(Result json) {
        try {
            return String.format(java.util.Locale.ROOT, "%,.2f",
                    new ObjectMapper().readTree(json.out()).get("totalUsd").asDouble());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void compare_json_hasAnEstimatePerPlatform() throws Exception {
        Result r = run(with(SMALL, "--compare", "--json"));
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.fieldNames()).toIterable()
                .containsExactly("aws", "cloudflare", "azure", "vercel", "references");
        assertThat(root.get("cloudflare").get("totalUsd").asDouble()).isGreaterThanOrEqualTo(5.0);
        JsonNode appSync = root.get("references").get("appsyncEvents");
        // the small profile's 10 users sending 2 messages each to 3 recipients are 60 deliveries
        assertThat(appSync.get("lines")).filteredOn(l -> l.get("item").asText().equals(AppSyncEventsModel.DELIVERIES))
                .extracting(l -> l.get("quantity").asDouble()).containsExactly(60.0);
        assertThat(appSync.get("notOffered")).extracting(JsonNode::asText).contains("presence events");
    }

    @Test
    void badPlatform_namesTheFlagAndTheFix() {
        Result r = run(with(SMALL, "--platform", "gcp"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("switchboard cost: --platform: unknown platform 'gcp'. Fix: use one of aws,"
                + " cloudflare, azure, vercel, or --compare for all of them side by side");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--shards|4|--shards: describes the Cloudflare deployment, but the platform is aws. Fix: add --platform"
                    + " cloudflare or --compare",
            "--cloudflare-plan|free|--cloudflare-plan: describes the Cloudflare deployment",
            "--platform|aws|--platform: --compare prices every platform. Fix: drop --platform aws or --compare",
            "--max-duration|800|--max-duration: describes the Vercel deployment, but the platform is aws. Fix: add"
                    + " --platform vercel or --compare, or drop --max-duration",
            "--azure-instance-mb|4096|--azure-instance-mb: describes the Azure deployment, but the platform is aws.",
            "--peak-connections|5000|--peak-connections: describes the Azure and Vercel deployment, but the platform is"
                    + " aws. Fix: add --platform azure or --platform vercel or --compare"})
    void flagsOfTheOtherPlatform_areRefused(String flag, String value, String message) {
        String[] args = flag.equals("--platform") ? with(SMALL, "--compare", flag, value) : with(SMALL, flag, value);
        Result r = run(args);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "azure|--shards|4|--shards: describes the Cloudflare deployment, but the platform is azure. Fix: add"
                    + " --platform cloudflare or --compare",
            "azure|--ms-per-invocation|20|--ms-per-invocation: describes the AWS deployment, but the platform is azure",
            "azure|--max-duration|800|--max-duration: describes the Vercel deployment, but the platform is azure",
            "vercel|--azure-ms-per-execution|50|--azure-ms-per-execution: describes the Azure deployment, but the"
                    + " platform is vercel",
            "cloudflare|--peak-connections|5000|--peak-connections: describes the Azure and Vercel deployment, but the"
                    + " platform is cloudflare"})
    void flagsOfAnotherPlatform_withAzureOrVercel_areRefused(String platform, String flag, String value,
                                                               String message) {
        Result r = run(with(SMALL, "--platform", platform, flag, value));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void platformFlags_areTakenByTheirPlatform_andByCompare() throws Exception {
        ObjectMapper m = new ObjectMapper();
        Result vercel300 = run(with(SMALL, "--platform", "vercel", "--json"));
        Result vercel100 = run(with(SMALL, "--platform", "vercel", "--max-duration", "100", "--json"));
        assertThat(vercel100.code()).isZero();
        // 5-minute sessions: 2 connections each at 300 s (295 s before the server closes), 4 at 100 s
        assertThat(invocations(m.readTree(vercel300.out()))).isEqualTo(10 * 2);
        assertThat(invocations(m.readTree(vercel100.out()))).isEqualTo(10 * 4);
        Result azure = run(with(SMALL, "--platform", "azure", "--peak-connections", "1500", "--json"));
        assertThat(azure.code()).isZero();
        assertThat(azure.out()).contains(AzureModel.UNITS + " x2");
        Result compare = run(with(SMALL, "--compare", "--peak-connections", "1500", "--max-duration", "600",
                "--shards", "4", "--azure-instance-mb", "4096"));
        assertThat(compare.code()).isZero();
    }

    private static double invocations(JsonNode estimate) {
        for (JsonNode line : estimate.get("lines")) {
            if (line.get("item").asText().equals(VercelModel.INVOCATIONS)) {
                return line.get("quantity").asDouble();
            }
        }
        throw new AssertionError("no invocations line in " + estimate);
    }

    @Test
    void checkedInAzureAndVercelPrices_carryAPublicSource_andSayWhichAreUnverified() {
        PriceBook book = PriceBook.defaults();
        // the Azure pricing pages render their prices in the browser: every Azure dollar figure is secondhand
        for (String key : List.of(PriceBook.AZ_UNIT_DAY, PriceBook.AZ_MESSAGE, PriceBook.AZ_EXECUTION,
                PriceBook.AZ_GB_SECOND, PriceBook.AZ_TABLE_TRANSACTION, PriceBook.AZ_TABLE_GB_MONTH,
                PriceBook.REDIS_COMMAND, PriceBook.REDIS_BANDWIDTH_GB, PriceBook.VERCEL_PRO_SEAT,
                PriceBook.VERCEL_TRANSFER_GB)) {
            assertThat(book.get(key).source()).as(key).contains("https://");
            assertThat(book.get(key).verified()).as(key).isFalse();
        }
        // Vercel's Fluid compute meters are in its documentation's text
        for (String key : List.of(PriceBook.VERCEL_INVOCATION, PriceBook.VERCEL_CPU_HOUR,
                PriceBook.VERCEL_MEMORY_GB_HOUR)) {
            assertThat(book.get(key).source()).as(key).contains("https://vercel.com/docs/fluid-compute/pricing");
            assertThat(book.get(key).verified()).as(key).isTrue();
        }
        assertThat(book.included(PriceBook.AZ_GB_SECOND)).isEqualTo(100_000);
        assertThat(book.included(PriceBook.VERCEL_MEMORY_GB_HOUR)).isEqualTo(1440);
    }

    @Test
    void awsFlags_withCloudflare_areRefused() {
        Result r = run(with(SMALL, "--platform", "cloudflare", "--ms-per-invocation", "20"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--ms-per-invocation: describes the AWS deployment, but the platform is"
                + " cloudflare. Fix:");
    }

    @Test
    void noEdge_pricesTheApisTransferOut_insteadOfCloudFrontAndWaf() {
        Result r = run(with(SMALL, "--no-edge", "--json"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains(CostModel.API_OUT).doesNotContain(CostModel.WAF_ACL)
                .doesNotContain(CostModel.CF_OUT);
        Result cloudflare = run(with(SMALL, "--platform", "cloudflare", "--no-edge"));
        assertThat(cloudflare.code()).isEqualTo(2);
        assertThat(cloudflare.err()).contains("--no-edge: describes the AWS deployment");
    }

    @Test
    void noHibernation_costsMore() throws Exception {
        Result with = run(with(SMALL, "--platform", "cloudflare", "--shards", "4", "--json"));
        Result without = run(with(SMALL, "--platform", "cloudflare", "--shards", "4", "--no-hibernation", "--json"));
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(without.out()).get("totalUsd").asDouble())
                .isGreaterThanOrEqualTo(m.readTree(with.out()).get("totalUsd").asDouble());
        assertThat(without.out()).contains("no hibernation");
    }

    @Test
    void checkedInCloudflarePrices_carryASourceDateAndTheirAllowance() {
        PriceBook book = PriceBook.defaults();
        for (String key : java.util.List.of(PriceBook.CF_PAID_PLAN, PriceBook.CF_WORKER_REQUEST,
                PriceBook.CF_WORKER_CPU_MS, PriceBook.CF_DO_REQUEST, PriceBook.CF_DO_GB_SECOND, PriceBook.CF_ROW_READ,
                PriceBook.CF_ROW_WRITTEN, PriceBook.CF_STORED_GB_MONTH, PriceBook.CF_ZONE_PLAN + "pro")) {
            assertThat(book.get(key).source()).as(key).contains("https://");
            assertThat(book.get(key).date()).as(key).matches("\\d{4}-\\d{2}-\\d{2}");
        }
        assertThat(book.included(PriceBook.CF_DO_REQUEST)).isEqualTo(1_000_000);
        assertThat(book.included(PriceBook.CF_PAID_PLAN)).isZero();
    }

    @Test
    void awsOnlyPriceFile_withCloudflare_namesTheMissingPriceAndTheFix(@TempDir Path dir) throws Exception {
        // GIVEN a price file with every AWS price and no Cloudflare one
        StringBuilder sb = new StringBuilder("{\"prices\":{");
        for (int i = 0; i < PriceBook.REQUIRED.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(PriceBook.REQUIRED.get(i))
                    .append("\":{\"usd\":1,\"per\":1,\"unit\":\"u\",\"source\":\"test\",\"date\":\"2026-11-28\"}");
        }
        Path file = dir.resolve("aws-only.json");
        Files.writeString(file, sb.append("}}").toString());
        // WHEN priced for AWS and for Cloudflare
        // THEN AWS works; Cloudflare names the first missing price and the fix
        assertThat(run(with(SMALL, "--prices", file.toString())).code()).isZero();
        Result r = run(with(SMALL, "--platform", "cloudflare", "--prices", file.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--prices: the price file has no \"cloudflare.workers.paidPlan\". Fix: add it");
    }
}
