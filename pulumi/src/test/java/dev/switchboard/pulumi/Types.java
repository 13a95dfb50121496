package dev.switchboard.pulumi;

/** Pulumi type tokens of the resources Switchboard declares. */
final class Types {
    static final String API = "aws:apigatewayv2/api:Api";
    static final String ROUTE = "aws:apigatewayv2/route:Route";
    static final String ROUTE_RESPONSE = "aws:apigatewayv2/routeResponse:RouteResponse";
    static final String INTEGRATION = "aws:apigatewayv2/integration:Integration";
    static final String AUTHORIZER = "aws:apigatewayv2/authorizer:Authorizer";
    static final String STAGE = "aws:apigatewayv2/stage:Stage";
    static final String APIGW_ACCOUNT = "aws:apigateway/account:Account";
    static final String FUNCTION = "aws:lambda/function:Function";
    static final String ALIAS = "aws:lambda/alias:Alias";
    static final String PERMISSION = "aws:lambda/permission:Permission";
    static final String TABLE = "aws:dynamodb/table:Table";
    static final String TABLE_REPLICA = "aws:dynamodb/tableReplica:TableReplica";
    static final String DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
    static final String WEB_ACL = "aws:wafv2/webAcl:WebAcl";
    static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    static final String DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
    static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
    static final String TOPIC = "aws:sns/topic:Topic";
    static final String TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
    static final String SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
    static final String ROLE = "aws:iam/role:Role";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    static final String ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    static final String SECRET = "aws:secretsmanager/secret:Secret";
    static final String SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
    static final String CERTIFICATE = "aws:acm/certificate:Certificate";
    static final String CERTIFICATE_VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
    static final String RECORD = "aws:route53/record:Record";
    static final String HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
    static final String DOMAIN_NAME = "aws:apigatewayv2/domainName:DomainName";
    static final String API_MAPPING = "aws:apigatewayv2/apiMapping:ApiMapping";
    static final String PROVIDER = AwsMocks.PROVIDER;

    private Types() {
    }
}
