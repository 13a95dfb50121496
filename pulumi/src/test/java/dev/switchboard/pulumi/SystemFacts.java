package dev.switchboard.pulumi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The facts of a rendered Switchboard that both renderers must agree on, as sorted, readable lines: regions, route keys
 * (authorized, two-way), each function's handler, runtime, architecture, memory and timeout, the table's keys, indexes,
 * TTL, stream and replica regions, stage throttling and access logs, WAF rules and limits, alarm metrics, statistics,
 * thresholds and OK actions, functions' log format, alias records' evaluateTargetHealth.
 * Built from a Pulumi resource graph ({@link #fromPulumi}) or from synthesized CloudFormation templates
 * ({@link #fromCloudFormation}).
 */
final class SystemFacts {
    private SystemFacts() {
    }

    // ---------------------------------------------------------------- Pulumi

    @SuppressWarnings("unchecked")
    static List<String> fromPulumi(ProgramRun run) {
        Facts f = new Facts();
        Map<String, String> routeKeyById = new HashMap<>();
        for (AwsMocks.Registered r : run.ofType(Types.ROUTE)) {
            routeKeyById.put(r.name() + "-id", (String) r.inputs().get("routeKey"));
        }
        Map<String, TreeSet<String>> twoWay = new HashMap<>();
        for (AwsMocks.Registered rr : run.ofType(Types.ROUTE_RESPONSE)) {
            twoWay.computeIfAbsent(run.regionOf(rr), k -> new TreeSet<>())
                    .add(routeKeyById.get((String) rr.inputs().get("routeId")));
        }
        for (AwsMocks.Registered api : run.ofType(Types.API)) {
            f.region(run.regionOf(api));
        }
        for (AwsMocks.Registered r : run.ofType(Types.ROUTE)) {
            String region = run.regionOf(r);
            String key = (String) r.inputs().get("routeKey");
            f.route(region, key, "CUSTOM".equals(r.inputs().get("authorizationType")),
                    twoWay.getOrDefault(region, new TreeSet<>()).contains(key));
        }
        for (AwsMocks.Registered fn : run.ofType(Types.FUNCTION)) {
            Map<String, Object> in = fn.inputs();
            f.function(run.regionOf(fn), (String) in.get("handler"), (String) in.get("runtime"),
                    (List<String>) in.get("architectures"), in.get("memorySize"), in.get("timeout"),
                    ProgramRun.at(in, "loggingConfig", "logFormat"));
            f.add(run.regionOf(fn) + " function name " + in.get("name"));
        }
        for (AwsMocks.Registered a : run.ofType(Types.AUTHORIZER)) {
            f.add(run.regionOf(a) + " authorizer " + a.inputs().get("name") + " identity = "
                    + a.inputs().get("identitySources"));
        }
        for (AwsMocks.Registered s : run.ofType(Types.STAGE)) {
            Map<String, Object> d = (Map<String, Object>) s.inputs().get("defaultRouteSettings");
            f.stage(run.regionOf(s), (String) s.inputs().get("name"), d.get("throttlingRateLimit"),
                    d.get("throttlingBurstLimit"), s.inputs().containsKey("accessLogSettings"));
        }
        for (AwsMocks.Registered t : run.ofType(Types.TABLE)) {
            Map<String, Object> in = t.inputs();
            Map<String, String> types = new HashMap<>();
            ((List<Map<String, String>>) in.get("attributes")).forEach(a -> types.put(a.get("name"), a.get("type")));
            String table = (String) in.get("name");
            f.add("table " + table + " region = " + run.regionOf(t));
            f.add("table " + table + " keys = " + in.get("hashKey") + ":" + types.get(in.get("hashKey")) + " HASH, "
                    + in.get("rangeKey") + ":" + types.get(in.get("rangeKey")) + " RANGE");
            for (Map<String, Object> g : (List<Map<String, Object>>) in.getOrDefault("globalSecondaryIndexes", List.of())) {
                f.add("table " + table + " index " + g.get("name") + " = " + g.get("hashKey") + " HASH, "
                        + g.get("rangeKey") + " RANGE, projection " + g.get("projectionType"));
            }
            f.add("table " + table + " ttl = " + ((Map<String, Object>) in.get("ttl")).get("attributeName"));
            f.add("table " + table + " stream = " + in.get("streamViewType"));
            List<String> replicas = new ArrayList<>();
            for (AwsMocks.Registered rep : run.ofType(Types.TABLE_REPLICA)) {
                String region = run.regionOf(rep);
                replicas.add(region);
                f.add("table " + table + " replica " + region + " deletion protection = "
                        + Boolean.TRUE.equals(rep.inputs().get("deletionProtectionEnabled")) + " pitr = "
                        + Boolean.TRUE.equals(rep.inputs().get("pointInTimeRecovery")));
            }
            f.add("table " + table + " replicas = " + new TreeSet<>(replicas));
            f.add("table " + table + " deletion protection = " + in.get("deletionProtectionEnabled"));
        }
        for (AwsMocks.Registered d : run.ofType(Types.DISTRIBUTION)) {
            Map<String, Object> origin = ProgramRun.at(d.inputs(), "origins", 0);
            f.distribution(run.regionOf(d), (List<String>) d.inputs().get("aliases"), origin.get("domainName"),
                    (String) origin.get("originPath"), ProgramRun.at(origin, "customHeaders", 0, "name"),
                    d.inputs().containsKey("webAclId"));
            f.add(run.regionOf(d) + " distribution " + d.inputs().get("comment") + " ipv6="
                    + d.inputs().get("isIpv6Enabled") + " http=" + d.inputs().get("httpVersion"));
        }
        for (AwsMocks.Registered sec : run.ofType(Types.SECRET)) {
            f.add("secret " + sec.inputs().get("name") + " readable in " + run.regionOf(sec));
        }
        for (AwsMocks.Registered c : run.ofType(Types.CERTIFICATE)) {
            f.add(run.regionOf(c) + " certificate " + c.inputs().get("domainName"));
        }
        for (AwsMocks.Registered dn : run.ofType(Types.DOMAIN_NAME)) {
            Map<String, Object> cfg = (Map<String, Object>) dn.inputs().get("domainNameConfiguration");
            f.add(run.regionOf(dn) + " api domain " + dn.inputs().get("domainName") + " " + cfg.get("endpointType")
                    + " " + cfg.get("securityPolicy"));
        }
        for (AwsMocks.Registered r : run.ofType(Types.RECORD)) {
            if (!"CNAME".equals(r.inputs().get("type"))) {
                List<Map<String, Object>> latency = (List<Map<String, Object>>) r.inputs().get("latencyRoutingPolicies");
                f.record(run.regionOf(r), (String) r.inputs().get("name"), (String) r.inputs().get("type"),
                        latency == null ? null : (String) latency.get(0).get("region"),
                        r.inputs().containsKey("healthCheckId"),
                        r.inputs().containsKey("aliases") ? Boolean.TRUE.equals(ProgramRun.at(r.inputs(), "aliases", 0,
                                "evaluateTargetHealth")) : null);
            }
        }
        for (AwsMocks.Registered h : run.ofType(Types.HEALTH_CHECK)) {
            f.add(run.regionOf(h) + " health check " + h.inputs().get("type"));
        }
        for (AwsMocks.Registered acl : run.ofType(Types.WEB_ACL)) {
            Map<String, Object> in = acl.inputs();
            List<String> rules = new ArrayList<>();
            for (Map<String, Object> rule : (List<Map<String, Object>>) in.get("rules")) {
                rules.add(wafRule(rule));
            }
            f.add("waf " + run.regionOf(acl) + " " + in.get("scope") + " rules = " + rules);
        }
        for (AwsMocks.Registered q : run.ofType("aws:sqs/queue:Queue")) {
            Map<String, Object> in = q.inputs();
            Object redrive = in.get("redrivePolicy");
            Object receives = null;
            if (redrive != null) {
                try {
                    receives = new com.fasterxml.jackson.databind.ObjectMapper().readTree(redrive.toString())
                            .get("maxReceiveCount").asInt();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            f.queue(run.regionOf(q), (String) in.get("name"), in.get("sqsManagedSseEnabled"),
                    in.get("visibilityTimeoutSeconds"), in.get("messageRetentionSeconds"), receives);
        }
        for (AwsMocks.Registered m : run.ofType("aws:lambda/eventSourceMapping:EventSourceMapping")) {
            Map<String, Object> in = m.inputs();
            f.mapping(run.regionOf(m), in.get("batchSize"),
                    ((Map<String, Object>) in.get("scalingConfig")).get("maximumConcurrency"),
                    (List<String>) in.get("functionResponseTypes"));
        }
        for (AwsMocks.Registered a : run.ofType(Types.ALARM)) {
            Map<String, Object> in = a.inputs();
            f.add(run.regionOf(a) + " alarm name " + in.get("name"));
            if (in.containsKey("metricQueries")) {
                Map<String, Object> m = ((List<Map<String, Object>>) in.get("metricQueries")).stream()
                        .filter(q -> q.containsKey("metric")).map(q -> (Map<String, Object>) q.get("metric"))
                        .findFirst().orElseThrow();
                f.alarm(run.regionOf(a), (String) m.get("namespace"),
                        (String) m.get("metricName"), (String) m.get("stat"), in.get("threshold"), "sum of operations",
                        in.get("okActions"));
            } else {
                Object stat = in.containsKey("extendedStatistic") ? in.get("extendedStatistic") : in.get("statistic");
                f.alarm(run.regionOf(a), (String) in.get("namespace"),
                        (String) in.get("metricName"), (String) stat, in.get("threshold"), "", in.get("okActions"));
            }
        }
        return f.lines();
    }

    // ---------------------------------------------------------------- CloudFormation (CDK)

    /**
     * @param templates   stack name to template, as {@code SwitchboardApp.synth} returns them
     * @param stackRegion stack name to the stack's region
     */
    @SuppressWarnings("unchecked")
    static List<String> fromCloudFormation(Map<String, Map<String, Object>> templates, Map<String, String> stackRegion) {
        Facts f = new Facts();
        // the environment's regions: those with an API (the edge stack's us-east-1 may be outside them)
        java.util.Set<String> apiRegions = new TreeSet<>();
        templates.forEach((stack, t) -> ((Map<String, Map<String, Object>>) t.get("Resources")).values().forEach(r -> {
            if ("AWS::ApiGatewayV2::Api".equals(r.get("Type"))) {
                apiRegions.add(stackRegion.get(stack));
            }
        }));
        for (Map.Entry<String, Map<String, Object>> t : templates.entrySet()) {
            String region = stackRegion.get(t.getKey());
            if (region == null) {
                throw new IllegalArgumentException("no region for stack " + t.getKey());
            }
            Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) t.getValue().get("Resources");
            Map<String, String> routeKeyById = new HashMap<>();
            resources.forEach((id, r) -> {
                if ("AWS::ApiGatewayV2::Route".equals(r.get("Type"))) {
                    routeKeyById.put(id, (String) props(r).get("RouteKey"));
                }
            });
            // deletion protection turned on by a deploy-time UpdateTable call (CDK's TableProtection), per region
            java.util.Set<String> protectedByCall = new TreeSet<>();
            java.util.regex.Pattern region1 = java.util.regex.Pattern.compile("\"region\":\"([a-z0-9-]+)\"");
            resources.values().forEach(r -> {
                String create = String.valueOf(props(r).get("Create"));
                java.util.regex.Matcher m = region1.matcher(create);
                if (String.valueOf(r.get("Type")).startsWith("Custom::") && create.contains("\"action\":\"UpdateTable\"")
                        && create.contains("\"DeletionProtectionEnabled\":true") && m.find()) {
                    protectedByCall.add(m.group(1));
                }
            });
            TreeSet<String> twoWay = new TreeSet<>();
            resources.values().stream().filter(r -> "AWS::ApiGatewayV2::RouteResponse".equals(r.get("Type")))
                    .forEach(r -> twoWay.add(routeKeyById.get(ref(props(r).get("RouteId")))));
            for (Map<String, Object> r : resources.values()) {
                Map<String, Object> p = props(r);
                switch ((String) r.get("Type")) {
                    case "AWS::ApiGatewayV2::Api" -> f.region(region);
                    case "AWS::ApiGatewayV2::Route" -> {
                        String key = (String) p.get("RouteKey");
                        f.route(region, key, "CUSTOM".equals(p.get("AuthorizationType")), twoWay.contains(key));
                    }
                    case "AWS::Lambda::Function" -> {
                        // only the system's functions: CDK adds Node.js custom-resource providers of its own
                        if (String.valueOf(p.get("Runtime")).startsWith("java")) {
                            f.function(region, (String) p.get("Handler"), (String) p.get("Runtime"),
                                    (List<String>) p.get("Architectures"), p.get("MemorySize"), p.get("Timeout"),
                                    ProgramRun.at(p, "LoggingConfig", "LogFormat"));
                            f.add(region + " function name " + p.get("FunctionName"));
                        }
                    }
                    case "AWS::ApiGatewayV2::Authorizer" -> f.add(region + " authorizer " + p.get("Name")
                            + " identity = " + p.get("IdentitySource"));
                    case "AWS::ApiGatewayV2::Stage" -> {
                        Map<String, Object> d = (Map<String, Object>) p.get("DefaultRouteSettings");
                        f.stage(region, (String) p.get("StageName"), d.get("ThrottlingRateLimit"),
                                d.get("ThrottlingBurstLimit"), p.containsKey("AccessLogSettings"));
                    }
                    case "AWS::DynamoDB::GlobalTable", "AWS::DynamoDB::Table" -> table(f, region, p, protectedByCall);
                    case "AWS::CloudFront::Distribution" -> {
                        Map<String, Object> c = (Map<String, Object>) p.get("DistributionConfig");
                        Map<String, Object> origin = ProgramRun.at(c, "Origins", 0);
                        f.distribution(region, (List<String>) c.get("Aliases"), origin.get("DomainName"),
                                (String) origin.get("OriginPath"), ProgramRun.at(origin, "OriginCustomHeaders", 0,
                                        "HeaderName"), c.containsKey("WebACLId"));
                        f.add(region + " distribution " + c.get("Comment") + " ipv6=" + c.get("IPV6Enabled")
                                + " http=" + c.get("HttpVersion"));
                    }
                    case "AWS::SecretsManager::Secret" -> {
                        TreeSet<String> where = new TreeSet<>();
                        where.add(region);
                        for (Map<String, Object> rep : (List<Map<String, Object>>) p.getOrDefault("ReplicaRegions",
                                List.of())) {
                            where.add((String) rep.get("Region"));
                        }
                        where.retainAll(apiRegions);
                        where.forEach(w -> f.add("secret " + p.get("Name") + " readable in " + w));
                    }
                    case "AWS::CertificateManager::Certificate" -> f.add(region + " certificate " + p.get("DomainName"));
                    case "AWS::ApiGatewayV2::DomainName" -> {
                        Map<String, Object> cfg = ProgramRun.at(p, "DomainNameConfigurations", 0);
                        f.add(region + " api domain " + p.get("DomainName") + " " + cfg.get("EndpointType") + " "
                                + cfg.get("SecurityPolicy"));
                    }
                    case "AWS::Route53::RecordSet" -> f.record(region, (String) p.get("Name"), (String) p.get("Type"),
                            (String) p.get("Region"), p.containsKey("HealthCheckId"),
                            p.containsKey("AliasTarget") ? Boolean.TRUE.equals(ProgramRun.at(p, "AliasTarget",
                                    "EvaluateTargetHealth")) : null);
                    case "AWS::Route53::HealthCheck" -> f.add(region + " health check "
                            + ProgramRun.at(p, "HealthCheckConfig", "Type"));
                    case "AWS::WAFv2::WebACL" -> {
                        List<String> rules = new ArrayList<>();
                        for (Map<String, Object> rule : (List<Map<String, Object>>) p.get("Rules")) {
                            rules.add(wafRule(rule));
                        }
                        f.add("waf " + region + " " + p.get("Scope") + " rules = " + rules);
                    }
                    case "AWS::SQS::Queue" -> {
                        Object redrive = p.get("RedrivePolicy");
                        f.queue(region, (String) p.get("QueueName"), p.get("SqsManagedSseEnabled"),
                                p.get("VisibilityTimeout"), p.get("MessageRetentionPeriod"),
                                redrive == null ? null : ((Map<String, Object>) redrive).get("maxReceiveCount"));
                    }
                    case "AWS::Lambda::EventSourceMapping" -> f.mapping(region, p.get("BatchSize"),
                            ((Map<String, Object>) p.get("ScalingConfig")).get("MaximumConcurrency"),
                            (List<String>) p.get("FunctionResponseTypes"));
                    case "AWS::CloudWatch::Alarm" -> {
                        f.add(region + " alarm name " + p.get("AlarmName"));
                        if (p.containsKey("Metrics")) {
                            Map<String, Object> stat = ((List<Map<String, Object>>) p.get("Metrics")).stream()
                                    .filter(q -> q.containsKey("MetricStat"))
                                    .map(q -> (Map<String, Object>) q.get("MetricStat")).findFirst().orElseThrow();
                            Map<String, Object> m = (Map<String, Object>) stat.get("Metric");
                            f.alarm(region, (String) m.get("Namespace"),
                                    (String) m.get("MetricName"), (String) stat.get("Stat"), p.get("Threshold"),
                                    "sum of operations", p.get("OKActions"));
                        } else {
                            Object s = p.containsKey("ExtendedStatistic") ? p.get("ExtendedStatistic") : p.get("Statistic");
                            f.alarm(region, (String) p.get("Namespace"),
                                    (String) p.get("MetricName"), (String) s, p.get("Threshold"), "", p.get("OKActions"));
                        }
                    }
                    default -> {
                        // not a compared fact
                    }
                }
            }
        }
        return f.lines();
    }

    @SuppressWarnings("unchecked")
    private static void table(Facts f, String region, Map<String, Object> p, java.util.Set<String> protectedByCall) {
        Map<String, String> types = new HashMap<>();
        ((List<Map<String, String>>) p.get("AttributeDefinitions"))
                .forEach(a -> types.put(a.get("AttributeName"), a.get("AttributeType")));
        String table = (String) p.get("TableName");
        f.add("table " + table + " region = " + region);
        f.add("table " + table + " keys = " + keys((List<Map<String, String>>) p.get("KeySchema"), types));
        for (Map<String, Object> g : (List<Map<String, Object>>) p.getOrDefault("GlobalSecondaryIndexes", List.of())) {
            f.add("table " + table + " index " + g.get("IndexName") + " = "
                    + keys((List<Map<String, String>>) g.get("KeySchema"), null) + ", projection "
                    + ProgramRun.at(g, "Projection", "ProjectionType"));
        }
        f.add("table " + table + " ttl = " + ProgramRun.at(p, "TimeToLiveSpecification", "AttributeName"));
        f.add("table " + table + " stream = " + ProgramRun.at(p, "StreamSpecification", "StreamViewType"));
        TreeSet<String> replicas = new TreeSet<>();
        Object deletionProtection = p.get("DeletionProtectionEnabled");
        for (Map<String, Object> r : (List<Map<String, Object>>) p.getOrDefault("Replicas", List.of())) {
            boolean byCall = protectedByCall.contains((String) r.get("Region"));
            if (region.equals(r.get("Region"))) {
                deletionProtection = byCall || Boolean.TRUE.equals(r.get("DeletionProtectionEnabled"));
            } else {
                replicas.add((String) r.get("Region"));
                f.add("table " + table + " replica " + r.get("Region") + " deletion protection = "
                        + (byCall || Boolean.TRUE.equals(r.get("DeletionProtectionEnabled"))) + " pitr = "
                        + Boolean.TRUE.equals(ProgramRun.at(r, "PointInTimeRecoverySpecification",
                        "PointInTimeRecoveryEnabled")));
            }
        }
        f.add("table " + table + " replicas = " + replicas);
        f.add("table " + table + " deletion protection = " + Boolean.TRUE.equals(deletionProtection));
    }

    /**
     * A web ACL rule as one line, from either renderer (keys compared case-insensitively): name, action, rate limit,
     * query string size limit, counted managed rules, re-blocked labels and the handshake regex they spare.
     */
    @SuppressWarnings("unchecked")
    static String wafRule(Map<String, Object> rule) {
        Map<String, Object> r = (Map<String, Object>) lower(rule);
        Map<String, Object> st = (Map<String, Object>) r.get("statement");
        StringBuilder b = new StringBuilder(String.valueOf(r.get("name")));
        if (r.get("action") instanceof Map<?, ?> a) {
            b.append(" action=").append(a.keySet());
        }
        if (st.get("ratebasedstatement") instanceof Map<?, ?> rate) {
            b.append(" rate ").append(num(rate.get("limit"))).append('/').append(num(rate.get("evaluationwindowsec")))
                    .append("s per ").append(rate.get("aggregatekeytype"));
        }
        if (st.get("sizeconstraintstatement") instanceof Map<?, ?> size) {
            b.append(" size ").append(((Map<?, ?>) size.get("fieldtomatch")).keySet()).append(' ')
                    .append(size.get("comparisonoperator")).append(' ').append(num(size.get("size")));
        }
        if (st.get("managedrulegroupstatement") instanceof Map<?, ?> mg && mg.get("ruleactionoverrides") instanceof List<?> ov) {
            b.append(" counts ").append(ov.stream().map(o -> ((Map<?, ?>) o).get("name") + "="
                    + ((Map<?, ?>) ((Map<?, ?>) o).get("actiontouse")).keySet()).toList());
        }
        if (st.get("andstatement") instanceof Map<?, ?> and) {
            List<String> labels = new ArrayList<>();
            List<String> regexes = new ArrayList<>();
            collect(and, labels, regexes);
            b.append(" labels ").append(labels).append(" unless ").append(regexes);
        }
        return b.toString();
    }

    private static Object lower(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k).toLowerCase(java.util.Locale.ROOT), lower(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(SystemFacts::lower).toList();
        }
        return o;
    }

    private static void collect(Object o, List<String> labels, List<String> regexes) {
        if (o instanceof Map<?, ?> m) {
            if (m.get("labelmatchstatement") instanceof Map<?, ?> lm) {
                labels.add(lm.get("scope") + ":" + lm.get("key"));
            }
            if (m.get("regexmatchstatement") instanceof Map<?, ?> rm) {
                regexes.add(rm.get("regexstring") + " in " + ((Map<?, ?>) rm.get("fieldtomatch")).keySet());
            }
            m.values().forEach(v -> collect(v, labels, regexes));
        } else if (o instanceof List<?> l) {
            l.forEach(v -> collect(v, labels, regexes));
        }
    }

    private static String keys(List<Map<String, String>> schema, Map<String, String> types) {
        List<String> out = new ArrayList<>();
        for (String kind : List.of("HASH", "RANGE")) {
            schema.stream().filter(k -> kind.equals(k.get("KeyType"))).forEach(k -> out.add(k.get("AttributeName")
                    + (types == null ? "" : ":" + types.get(k.get("AttributeName"))) + " " + kind));
        }
        return String.join(", ", out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    private static String ref(Object o) {
        return o instanceof Map<?, ?> m && m.get("Ref") != null ? m.get("Ref").toString() : String.valueOf(o);
    }

    /** Whole numbers without a fraction, whether they arrive as Integer (Jackson) or Double (Pulumi mocks). */
    static String num(Object o) {
        if (o instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
        return String.valueOf(o);
    }

    /** Fact lines, with counted duplicates (alarms per region). */
    private static final class Facts {
        private final Map<String, Integer> lines = new TreeMap<>();

        void add(String line) {
            lines.merge(line, 1, Integer::sum);
        }

        void region(String region) {
            add("region " + region);
        }

        void route(String region, String key, boolean authorized, boolean twoWay) {
            add(region + " route " + key + " authorized=" + authorized + " twoWay=" + twoWay);
        }

        /** {@code logFormat} null: Lambda's default, Text. */
        void function(String region, String handler, String runtime, List<String> arch, Object memory, Object timeout,
                      Object logFormat) {
            add(region + " function " + handler + " runtime=" + runtime + " architecture=" + arch + " memory="
                    + num(memory) + " timeout=" + num(timeout) + " logFormat=" + (logFormat == null ? "Text" : logFormat));
        }

        void stage(String region, String name, Object rate, Object burst, boolean accessLogs) {
            add(region + " stage " + name + " throttling rate=" + num(rate) + " burst=" + num(burst) + " accessLogs="
                    + accessLogs);
        }

        void distribution(String region, List<String> aliases, Object originDomain, String originPath,
                          Object originHeader, boolean webAcl) {
            String origin = originDomain instanceof String d && !d.contains(".execute-api.") ? d : "<execute-api>";
            add(region + " distribution aliases=" + (aliases == null ? List.of() : aliases) + " origin=" + origin
                    + (originPath == null ? "" : originPath) + " header=" + originHeader + " webAcl=" + webAcl);
        }

        /** {@code evaluateTargetHealth} null: not an alias record (absent on an alias is false, Route 53's default). */
        void record(String region, String name, String type, String latencyRegion, boolean healthCheck,
                    Boolean evaluateTargetHealth) {
            String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            add(region + " record " + n + " " + type + (latencyRegion == null ? "" : " latency=" + latencyRegion)
                    + " healthCheck=" + healthCheck + (evaluateTargetHealth == null ? "" : " evaluateTargetHealth="
                    + evaluateTargetHealth));
        }

        void alarm(String region, String namespace, String metric, String statistic, Object threshold, String note,
                   Object okActions) {
            add(region + " alarm " + namespace + " " + metric + " " + statistic + " >= " + num(threshold)
                    + (note.isEmpty() ? "" : " (" + note + ")") + " ok=" + (okActions instanceof List<?> l && !l.isEmpty()));
        }

        void queue(String region, String name, Object sse, Object visibility, Object retention, Object receives) {
            add(region + " queue " + name + " sse=" + sse + " visibility=" + num(visibility) + " retention="
                    + num(retention) + " maxReceiveCount=" + num(receives));
        }

        void mapping(String region, Object batch, Object maxConcurrency, List<String> responseTypes) {
            add(region + " event source mapping batch=" + num(batch) + " maxConcurrency=" + num(maxConcurrency)
                    + " responseTypes=" + responseTypes);
        }

        List<String> lines() {
            List<String> out = new ArrayList<>();
            lines.forEach((l, n) -> out.add(n == 1 ? l : l + " x" + n));
            return out;
        }
    }
}
