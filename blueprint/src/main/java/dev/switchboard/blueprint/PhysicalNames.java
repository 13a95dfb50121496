package dev.switchboard.blueprint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every physical name Switchboard gives a resource, built from the system name ({@link Blueprint#name()}, default
 * {@code switchboard}), the environment name and, where a name is account-wide or must differ per region, a
 * <em>placement</em>: a region, or {@link #EDGE} for the edge's resources in {@value Regions#EDGE_REGION}. Two systems,
 * or two environments of one system, therefore never share a name in one account and region. Every renderer takes its
 * names from here, and each name is checked here, once, against its service's length and character rules
 * ({@link Rule}); a name that breaks one stops synth (or {@code pulumi up}) with a {@link BlueprintException} that
 * names the field to shorten.
 *
 * <p>For the system name {@code switchboard} the names are those Switchboard has always used, e.g.
 * {@code switchboard-dev-connect}, {@code /switchboard/dev/edge/web-acl-arn},
 * {@code switchboard-dev-us-east-1-fn-connect-errors}.
 */
public final class PhysicalNames {
    /** The placement of the edge's alarms, topic and dashboard (they sit in us-east-1 beside a regional stack's). */
    public static final String EDGE = "edge";

    /**
     * A system name: lower-case letters, digits and '-', starting with a letter and not ending with '-', at most
     * {@value #SYSTEM_NAME_MAX} characters. The tightest limit a system name feeds is Lambda's 64-character function
     * name {@code <system>-<env>-<function>}: 20 + 1 + 16 (the longest environment name) + 1 leaves 26 characters for
     * the function, more than the longest bundled one ({@code disconnect}, 10) and the action names routes use. A
     * longer combination is still caught, by the {@link Rule#LAMBDA_FUNCTION} check of that name.
     */
    public static final int SYSTEM_NAME_MAX = 20;
    private static final Pattern SYSTEM_NAME = Pattern.compile("[a-z](?:[a-z0-9-]{0," + (SYSTEM_NAME_MAX - 2)
            + "}[a-z0-9])?");

    /** A service's rule for a name: length range, allowed characters and where AWS documents them. */
    public enum Rule {
        /** CreateFunction FunctionName (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html). */
        LAMBDA_FUNCTION("Lambda function name", 1, 64, "[A-Za-z0-9_-]+"),
        /** CreateRole RoleName (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
        IAM_ROLE("IAM role name", 1, 64, "[A-Za-z0-9+=,.@_-]+"),
        /** CreateQueue QueueName (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html). */
        SQS_QUEUE("SQS queue name", 1, 80, "[A-Za-z0-9_-]+"),
        /** PutMetricAlarm AlarmName (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html). */
        CLOUDWATCH_ALARM("CloudWatch alarm name", 1, 255, "[\\x20-\\x7E]+"),
        /** PutDashboard DashboardName (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html). */
        CLOUDWATCH_DASHBOARD("CloudWatch dashboard name", 1, 255, "[A-Za-z0-9_-]+"),
        /** CreateLogGroup logGroupName (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html). */
        LOG_GROUP("CloudWatch Logs log group name", 1, 512, "[A-Za-z0-9._/#-]+"),
        /** CreateTopic Name (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html). */
        SNS_TOPIC("SNS topic name", 1, 256, "[A-Za-z0-9_-]+"),
        /**
         * PutParameter Name: letters, digits, {@code _.-/}, at most 1011 characters with the ARN, not prefixed with
         * {@code aws} or {@code ssm}, at most 15 levels
         * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html). The ARN takes
         * about 60 characters, so names are held to 900.
         */
        SSM_PARAMETER("SSM parameter name", 1, 900, "/?+(?![Aa][Ww][Ss]|[Ss][Ss][Mm])[A-Za-z0-9_./-]+"),
        /**
         * CreateSecret Name: 1-512 of letters, digits and {@code /_+=.@-}, never ending in a hyphen and six
         * characters (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html; see
         * {@link SecretNames}).
         */
        SECRET("Secrets Manager secret name", 1, 512, "[A-Za-z0-9/_+=.@-]+"),
        /** CreateTable TableName (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html). */
        DYNAMODB_TABLE("DynamoDB table name", 3, 255, "[A-Za-z0-9_.-]+"),
        /** CreateWebACL Name (https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html). */
        WAF_WEB_ACL("WAF web ACL name", 1, 128, "[A-Za-z0-9_-]+"),
        /** CreateApi Name (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html). */
        API_GATEWAY_API("API Gateway API name", 1, 128, "[\\x20-\\x7E]+"),
        /**
         * CloudFormation stack name: a letter, then letters, digits and '-', at most 128
         * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html).
         */
        CLOUDFORMATION_STACK("CloudFormation stack name", 1, 128, "[A-Za-z][A-Za-z0-9-]*");

        private final String label;
        private final int min;
        private final int max;
        private final Pattern pattern;

        Rule(String label, int min, int max, String regex) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.pattern = Pattern.compile(regex);
        }

        /** The longest name the service accepts (as held here). */
        public int max() {
            return max;
        }

        /** Whether {@code name} passes this rule. */
        public boolean accepts(String name) {
            return name.length() >= min && name.length() <= max && pattern.matcher(name).matches();
        }
    }

    private final String system;
    private final String environment;

    /**
     * The names of system {@code system} in environment {@code environment}.
     *
     * @throws BlueprintException (field {@code name}) when the system name breaks {@link #SYSTEM_NAME_MAX}'s rule
     */
    public PhysicalNames(String system, String environment) {
        this.system = requireSystemName(system);
        this.environment = Check.notBlank("environment.name", environment, "name the environment, e.g. dev");
    }

    /** The names of {@code blueprint}'s system in its environment. */
    public static PhysicalNames of(Blueprint blueprint) {
        return new PhysicalNames(blueprint.name(), blueprint.environment().name());
    }

    /** Returns {@code name} if it is a valid system name, else throws a {@link BlueprintException} naming {@code name}. */
    public static String requireSystemName(String name) {
        Check.notBlank("name", name, "name the system, e.g. switchboard");
        if (!SYSTEM_NAME.matcher(name).matches()) {
            throw new BlueprintException("name", "'" + name + "' is not a valid system name",
                    "use lower-case letters, digits and '-', starting with a letter and not ending with '-', at most "
                            + SYSTEM_NAME_MAX + " characters (Switchboard.Props systemName, Blueprint.withName, or the"
                            + " systemName setting)");
        }
        return name;
    }

    /** The system name. */
    public String system() {
        return system;
    }

    /** {@code <system>-<env>}: the WebSocket API's name and the start of every hyphenated name. */
    public String prefix() {
        return system + "-" + environment;
    }

    /** {@code <system>-<env>}: the WebSocket API's name. */
    public String api() {
        return check(Rule.API_GATEWAY_API, "name", prefix());
    }

    /** {@code /aws/apigateway/<system>-<env>-access}: the stage's access log group. */
    public String accessLogGroup() {
        return check(Rule.LOG_GROUP, "name", "/aws/apigateway/" + prefix() + "-access");
    }

    /** {@code <system>-<env>-<function>}: a Lambda function (one per region; Lambda names are regional). */
    public String function(String function) {
        return check(Rule.LAMBDA_FUNCTION, "functions." + function + ".name", prefix() + "-" + function);
    }

    /** {@code /aws/lambda/<function name>}: the function's log group, the one Lambda writes to. */
    public String functionLogGroup(String function) {
        return check(Rule.LOG_GROUP, "functions." + function + ".name", "/aws/lambda/" + function(function));
    }

    /**
     * {@code <system>-<env>-<placement>-<function>}: a function's role, for a renderer that names roles (IAM names are
     * account-wide, so the region is part of it).
     */
    public String role(String placement, String function) {
        return check(Rule.IAM_ROLE, "functions." + function + ".name", prefix() + "-" + placement + "-" + function);
    }

    /** {@code <system>-<env>-<table id>}: a table (a global table: one name in every region). */
    public String table(TableSpec table) {
        return check(Rule.DYNAMODB_TABLE, "dataModel.tables." + table.id() + ".id", prefix() + "-" + table.id());
    }

    /** {@code <system>/<env>/jwt-signing}: the HS256 key the authorizer verifies tokens with. */
    public String jwtSecret() {
        return secret("secrets.jwtSigning", system + "/" + environment + "/jwt-signing");
    }

    /**
     * {@code <system>/<env>/origin-header-value}: the value CloudFront sends in the origin header. (Until round 2 it
     * was {@code .../origin-verify}, whose {@code -verify} looks like an ARN suffix; see docs/deploy.md.)
     */
    public String originSecret() {
        return secret("secrets.originHeader", system + "/" + environment + "/origin-header-value");
    }

    /** {@code <system>-<env>-edge}: the CLOUDFRONT-scope web ACL. */
    public String webAcl() {
        return check(Rule.WAF_WEB_ACL, "name", prefix() + "-" + EDGE);
    }

    /** {@code /<system>/<env>/edge/web-acl-arn}: the us-east-1 SSM parameter holding the web ACL's ARN. */
    public String webAclParameter() {
        return check(Rule.SSM_PARAMETER, "name", "/" + system + "/" + environment + "/edge/web-acl-arn");
    }

    /** {@code <system>-<env>-fanout}: the fan-out queue (one per region; queue names are regional). */
    public String fanoutQueue() {
        return check(Rule.SQS_QUEUE, "name", prefix() + "-" + FanoutSpec.FUNCTION_NAME);
    }

    /** {@code <system>-<env>-fanout-dlq}: the fan-out queue's dead-letter queue. */
    public String fanoutDeadLetterQueue() {
        return check(Rule.SQS_QUEUE, "name", fanoutQueue() + "-dlq");
    }

    /**
     * {@code <system>-<env>-<placement>-<suffix>}: an alarm, e.g. {@code switchboard-dev-us-east-1-fn-send-errors}.
     * Alarm names are regional, but the edge's sit in us-east-1 beside that region's, hence the placement.
     */
    public String alarm(String placement, String suffix) {
        return check(Rule.CLOUDWATCH_ALARM, "alarms", prefix() + "-" + placement + "-" + suffix);
    }

    /** {@code <system>-<env>-<placement>-alarms}: the alarm topic of a region or of the edge. */
    public String alarmTopic(String placement) {
        return check(Rule.SNS_TOPIC, "name", prefix() + "-" + placement + "-alarms");
    }

    /** {@code <system>-<env>-<placement>}: a dashboard (dashboards are account-wide, so one per placement). */
    public String dashboard(String placement) {
        return check(Rule.CLOUDWATCH_DASHBOARD, "name", prefix() + "-" + placement);
    }

    /** {@code <system>-<env>-<placement>}: the CDK app's stack of a region or of the edge. */
    public String stack(String placement) {
        return check(Rule.CLOUDFORMATION_STACK, "name", prefix() + "-" + placement);
    }

    /**
     * Every name {@code blueprint} provisions, label to name ({@code "function connect"},
     * {@code "alarm us-east-1 fn-connect-errors"}, ...), each checked: the renderers' whole set (the edge's only with
     * {@link Environment#edge()}), for validation and for tests that look for collisions between systems.
     */
    public static Map<String, String> all(Blueprint blueprint) {
        return all(blueprint.name(), blueprint.environment(), blueprint.deployedFunctions().stream()
                .map(FunctionSpec::name).toList(), blueprint.dataModel().tables(), blueprint.alarms());
    }

    static Map<String, String> all(String system, Environment environment, List<String> functions,
                                   List<TableSpec> tables, List<AlarmSpec> alarms) {
        PhysicalNames n = new PhysicalNames(system, environment.name());
        Map<String, String> out = new LinkedHashMap<>();
        out.put("api", n.api());
        out.put("access log group", n.accessLogGroup());
        for (String f : functions) {
            out.put("function " + f, n.function(f));
            out.put("log group " + f, n.functionLogGroup(f));
        }
        for (TableSpec t : tables) {
            out.put("table " + t.id(), n.table(t));
        }
        out.put("secret jwt", n.jwtSecret());
        out.put("queue fanout", n.fanoutQueue());
        out.put("queue fanout dlq", n.fanoutDeadLetterQueue());
        for (String region : environment.regions()) {
            out.put("topic " + region, n.alarmTopic(region));
            out.put("dashboard " + region, n.dashboard(region));
            out.put("stack " + region, n.stack(region));
            for (AlarmSpec a : alarms) {
                switch (a.kind()) {
                    case API, TABLE -> out.put("alarm " + region + " " + alarmSuffix(a, null),
                            n.alarm(region, alarmSuffix(a, null)));
                    case FUNCTION -> functions.forEach(f -> out.put("alarm " + region + " " + alarmSuffix(a, f),
                            n.alarm(region, alarmSuffix(a, f))));
                    case WAF -> {
                        // the edge's
                    }
                }
            }
            out.put("alarm " + region + " " + FanoutSpec.DLQ_ALARM, n.alarm(region, FanoutSpec.DLQ_ALARM));
        }
        if (environment.edge()) {
            out.put("secret origin", n.originSecret());
            out.put("web acl", n.webAcl());
            out.put("web acl parameter", n.webAclParameter());
            out.put("topic " + EDGE, n.alarmTopic(EDGE));
            out.put("dashboard " + EDGE, n.dashboard(EDGE));
            out.put("stack " + EDGE, n.stack(EDGE));
            alarms.stream().filter(a -> a.kind() == AlarmSpec.Kind.WAF).forEach(a -> out.put("alarm "
                    + EDGE + " " + alarmSuffix(a, null), n.alarm(EDGE, alarmSuffix(a, null))));
        }
        return out;
    }

    /**
     * The part of an alarm's name after the placement: {@code api-<id>}, {@code table-<id>}, {@code waf-<id>}, or
     * {@code fn-<function>-<id>} for a function's alarm.
     */
    public static String alarmSuffix(AlarmSpec alarm, String function) {
        return switch (alarm.kind()) {
            case API -> "api-" + alarm.id();
            case TABLE -> "table-" + alarm.id();
            case WAF -> "waf-" + alarm.id();
            case FUNCTION -> "fn-" + function + "-" + alarm.id();
        };
    }

    private String secret(String field, String name) {
        return check(Rule.SECRET, field, SecretNames.require(field, name));
    }

    private String check(Rule rule, String field, String name) {
        if (!rule.accepts(name)) {
            String why = name.length() > rule.max ? " has " + name.length() + " characters; the service allows "
                    + rule.max : " breaks the service's rule (" + rule.min + "-" + rule.max + " characters of "
                    + rule.pattern.pattern() + ")";
            throw new BlueprintException(field, "the " + rule.label + " '" + name + "'" + why,
                    "shorten the system name '" + system + "' (Switchboard.Props systemName, Blueprint.withName), the"
                            + " environment name '" + environment + "'"
                            + (field.equals("name") ? "" : " or " + field) + " so that the name fits");
        }
        return name;
    }
}
