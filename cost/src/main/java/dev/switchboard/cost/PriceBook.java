package dev.switchboard.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The prices the estimator multiplies by: the checked-in {@code prices.json} (us-east-1, each price with its source
 * and date) or a file of the same shape given with {@code --prices}.
 */
public final class PriceBook {
    public static final String MESSAGE = "apigw.message";
    public static final String MESSAGE_ABOVE_1B = "apigw.message.above1b";
    public static final String CONNECTION_MINUTE = "apigw.connectionMinute";
    public static final String LAMBDA_REQUEST = "lambda.request";
    public static final String LAMBDA_GB_SECOND = "lambda.gbSecond.";
    public static final String WRITE_UNIT = "dynamodb.writeUnit";
    public static final String REPLICATED_WRITE_UNIT = "dynamodb.replicatedWriteUnit";
    public static final String READ_UNIT = "dynamodb.readUnit";
    public static final String WEB_ACL = "waf.webAcl";
    public static final String WAF_RULE = "waf.rule";
    public static final String WAF_REQUEST = "waf.request";
    public static final String ALARM_STANDARD = "cloudwatch.alarm.standard";
    public static final String ALARM_HIGH_RESOLUTION = "cloudwatch.alarm.highResolution";
    public static final String CLOUDFRONT_REQUEST = "cloudfront.request";
    public static final String CLOUDFRONT_OUT = "cloudfront.transferOut";
    public static final String CLOUDFRONT_TO_ORIGIN = "cloudfront.transferToOrigin";
    /** Data API Gateway sends to the internet without CloudFront (priced only for an environment without the edge). */
    public static final String APIGW_TRANSFER_OUT = "apigw.transferOut";
    public static final String SQS_REQUEST = "sqs.request";
    public static final String CF_PAID_PLAN = "cloudflare.workers.paidPlan";
    public static final String CF_WORKER_REQUEST = "cloudflare.workers.request";
    public static final String CF_WORKER_CPU_MS = "cloudflare.workers.cpuMs";
    public static final String CF_DO_REQUEST = "cloudflare.do.request";
    public static final String CF_DO_GB_SECOND = "cloudflare.do.gbSecond";
    public static final String CF_ROW_READ = "cloudflare.do.rowRead";
    public static final String CF_ROW_WRITTEN = "cloudflare.do.rowWritten";
    public static final String CF_STORED_GB_MONTH = "cloudflare.do.storedGbMonth";
    /** The zone plan's price: this prefix and the plan's name ({@code free}, {@code pro}, {@code business}). */
    public static final String CF_ZONE_PLAN = "cloudflare.zone.";
    public static final String APPSYNC_OPERATION = "appsync.events.operation";
    public static final String APPSYNC_CONNECTION_MINUTE = "appsync.events.connectionMinute";
    public static final String AZ_UNIT_DAY = "azure.webpubsub.standardUnitDay";
    public static final String AZ_MESSAGE = "azure.webpubsub.message";
    public static final String AZ_EXECUTION = "azure.functions.flex.execution";
    public static final String AZ_GB_SECOND = "azure.functions.flex.gbSecond";
    public static final String AZ_TABLE_TRANSACTION = "azure.tables.transaction";
    public static final String AZ_TABLE_GB_MONTH = "azure.tables.gbMonth";
    public static final String VERCEL_PRO_SEAT = "vercel.pro.seat";
    public static final String VERCEL_INVOCATION = "vercel.functions.invocation";
    public static final String VERCEL_CPU_HOUR = "vercel.functions.activeCpuHour";
    public static final String VERCEL_MEMORY_GB_HOUR = "vercel.functions.memoryGbHour";
    public static final String VERCEL_TRANSFER_GB = "vercel.fastDataTransferGb";
    public static final String REDIS_COMMAND = "upstash.redis.payg.command";
    public static final String REDIS_BANDWIDTH_GB = "upstash.redis.payg.bandwidthGb";

    /** Every key a price file must hold. */
    public static final List<String> REQUIRED = List.of(MESSAGE, MESSAGE_ABOVE_1B, CONNECTION_MINUTE, LAMBDA_REQUEST,
            LAMBDA_GB_SECOND + "arm64", LAMBDA_GB_SECOND + "x86_64", WRITE_UNIT, REPLICATED_WRITE_UNIT, READ_UNIT,
            WEB_ACL, WAF_RULE, WAF_REQUEST, ALARM_STANDARD, ALARM_HIGH_RESOLUTION, CLOUDFRONT_REQUEST, CLOUDFRONT_OUT,
            CLOUDFRONT_TO_ORIGIN, SQS_REQUEST);

    /** Messages a month billed at {@link #MESSAGE} before {@link #MESSAGE_ABOVE_1B} applies. */
    public static final double MESSAGE_TIER = 1_000_000_000d;

    private final Map<String, Price> prices;
    private final Map<String, Double> included;

    private PriceBook(Map<String, Price> prices, Map<String, Double> included) {
        this.prices = prices;
        this.included = included;
    }

    /** The checked-in prices. */
    public static PriceBook defaults() {
        try (InputStream in = PriceBook.class.getResourceAsStream("/prices.json")) {
            if (in == null) {
                throw new IllegalStateException("prices.json is missing from the classpath");
            }
            return parse(in.readAllBytes(), "prices.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prices from a file of the same shape as the checked-in one. */
    public static PriceBook fromFile(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new CostUsageException("--prices: no file " + file);
        } catch (IOException e) {
            throw new CostUsageException("--prices: cannot read " + file + ": " + e.getMessage());
        }
    }

    static PriceBook parse(byte[] json, String name) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new CostUsageException(name + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode node = root == null ? null : root.get("prices");
        if (node == null || !node.isObject()) {
            throw new CostUsageException(name + " has no \"prices\" object");
        }
        Map<String, Price> out = new TreeMap<>();
        Map<String, Double> allowances = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue();
            if (!p.path("usd").isNumber() || !p.path("per").isNumber()) {
                throw new CostUsageException(name + ": price " + e.getKey() + " needs numeric usd and per");
            }
            out.put(e.getKey(), new Price(e.getKey(), p.get("usd").asDouble(), p.get("per").asDouble(),
                    p.path("unit").asText(null), p.path("source").asText(null), p.path("date").asText(null)));
            if (p.has("included")) {
                if (!p.get("included").isNumber() || !(p.get("included").asDouble() >= 0)) {
                    throw new CostUsageException(name + ": price " + e.getKey() + ": included must be a number >= 0");
                }
                allowances.put(e.getKey(), p.get("included").asDouble());
            }
        }
        for (String key : REQUIRED) {
            if (!out.containsKey(key)) {
                throw new CostUsageException(name + " has no price \"" + key + "\"");
            }
        }
        return new PriceBook(Map.copyOf(out), Map.copyOf(allowances));
    }

    /**
     * Units of {@code key} a month that the plan includes (the price file's {@code included}, 0 without one): the
     * Workers Paid plan's allowances.
     */
    public double included(String key) {
        get(key);
        return included.getOrDefault(key, 0d);
    }

    /** The keys among {@code keys} whose price is unverified ({@link Price#verified()}), in the given order. */
    public List<String> unverified(List<String> keys) {
        return keys.stream().filter(k -> !get(k).verified()).toList();
    }

    public Price get(String key) {
        Price p = prices.get(key);
        if (p == null) {
            throw new CostUsageException("--prices: the price file has no \"" + key + "\". Fix: add it, in the shape"
                    + " of cost/src/main/resources/prices.json, which has every price with its source");
        }
        return p;
    }
}
