package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.cdk.guards.DeployGuards;
import dev.switchboard.cdk.guards.DeployGuards.Guard;
import dev.switchboard.cdk.guards.DeployGuards.Violation;
import dev.switchboard.cdk.guards.TemplateView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sqs.Queue;

/**
 * {@link Switchboard#addRoute}: a route with the user's function (plain, or through an alias) or a handler class
 * gets the permission, grants, environment, alarms and guards a blueprint route gets; a route added the aws-cdk way
 * and a user's own resources are not judged by {@link DeployGuards#verify(App)}. One app, synthesized once.
 */
class AddRouteTest {
    private static final Blueprint DEV = Blueprint.reference("chat", Environments.resolve("dev", Map.of(
            "account", "123456789012", "edge", false)));
    private static App app;
    private static Stack stack;
    private static Switchboard chat;
    private static SwitchboardRoute typing;
    private static SwitchboardRoute presence;
    private static SwitchboardRoute aliased;
    private static Template t;

    private static Function plain(String id) {
        return Function.Builder.create(stack, id).runtime(Runtime.NODEJS_22_X).handler("index.handler")
                .timeout(Duration.seconds(6))
                .code(Code.fromInline("exports.handler = async () => ({ statusCode: 200 });")).build();
    }

    @BeforeAll
    static void anAppWithRoutesOfEachKind() {
        app = new App();
        stack = new Stack(app, "Chat", StackProps.builder().env(Environment.builder().account("123456789012")
                .region("us-east-1").build()).build());
        chat = new Switchboard(stack, "Chat", Switchboard.Props.builder(DEV,
                Code.fromAsset(SwitchboardApp.root().resolve(SwitchboardApp.HANDLER_JAR).toString())).build());
        typing = chat.addRoute("typing", RouteOptions.builder().function(plain("Typing"))
                .tableAccess(TableAccess.READ).managementApi(true).build());
        presence = chat.addRoute("presence", RouteOptions.builder().handler("com.example.PresenceHandler")
                .twoWay(true).build());
        Function versioned = plain("Scores");
        aliased = chat.addRoute("scores", RouteOptions.builder().function(Alias.Builder.create(stack, "ScoresLive")
                .aliasName("live").version(versioned.getCurrentVersion()).build()).build());
        // the aws-cdk way, with a plain function, and a queue of the user's without TLS enforcement
        chat.endpoint().api().addRoute("extra", WebSocketRouteOptions.builder()
                .integration(new WebSocketLambdaIntegration("Extra", plain("ExtraFn"))).build());
        new Queue(stack, "UsersQueue");
        t = Template.fromStack(stack);
    }

    @Test
    void aPlainFunctionsRoute_getsAnExactPermission_theNarrowestGrants_andItsEnvironment() {
        t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "typing"));
        t.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "FunctionName", Map.of("Fn::GetAtt", List.of(Cfn.id(typingFunction()), "Arn")),
                "SourceArn", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(
                        List.of("/dev/typing"))))))));
        // READ: exactly the read actions, on this region's replica and its indexes; and the @connections grant
        Map<String, Object> policy = Cfn.resources(t.toJSON(), "AWS::IAM::Policy").values().stream()
                .filter(p -> String.valueOf(Cfn.props(p).get("Roles")).contains(Cfn.id(typingFunction().getRole())))
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>) Cfn.props(policy)
                .get("PolicyDocument")).get("Statement");
        assertThat(statements).anySatisfy(st -> {
            assertThat(st.get("Action")).isEqualTo(ConnectionTable.READ_ACTIONS);
            assertThat(TemplateView.render(st.get("Resource"))).contains(":table/chat-dev-connections")
                    .contains(":table/chat-dev-connections/index/*");
        }).anySatisfy(st -> assertThat(st.get("Action")).isEqualTo("execute-api:ManageConnections"))
                .noneSatisfy(st -> assertThat(String.valueOf(st.get("Action"))).contains("dynamodb:PutItem"));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "index.handler",
                "Timeout", 6, "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "TABLE_NAME", "chat-dev-connections", "CALLBACK_URL", Match.anyValue())))));
    }

    @Test
    void aRoute_getsTheBlueprintsFunctionAlarms_onTheTopicCloudWatchMayPublishTo() {
        assertThat(typing.alarms()).hasSize(3);
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "chat-dev-us-east-1-fn-typing-errors",
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Cfn.ref(typingFunction())))));
        // Duration p99 at 80 % of the function's own 6 s timeout
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName",
                "chat-dev-us-east-1-fn-typing-duration-p99", "Threshold", 4800));
        t.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "AllowCloudWatchTypingAlarms")))))));
        // through an alias: the metrics name the function behind it
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "chat-dev-us-east-1-fn-scores-errors",
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Match.objectLike(Map.of("Ref",
                        Match.stringLikeRegexp("Scores.*")))))));
    }

    @Test
    void aHandlerClassRoute_getsAFunctionLikeSwitchboardsOwn_behindItsAlias() {
        t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "chat-dev-presence",
                "Handler", "com.example.PresenceHandler", "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        assertThat(presence.handler()).isInstanceOf(Alias.class);
        t.hasResourceProperties("AWS::ApiGatewayV2::RouteResponse", Map.of("RouteId", Cfn.ref(presence.route())));
        assertThat(chat.routes()).extracting(r -> r.routeKey()).contains("typing", "presence", "scores");
        assertThat(aliased.handler()).isInstanceOf(Alias.class);
    }

    @Test
    void theGuards_judgeWhatSwitchboardOwns_andPassTheApp() {
        // GIVEN the app with every kind of route, the aws-cdk way's among them, and the user's queue without TLS
        List<Violation> scoped = DeployGuards.check(app);
        // THEN nothing is flagged
        assertThat(scoped).isEmpty();
        // while judging every resource of the stack (the old behaviour) flags the user's queue
        List<Violation> everything = DeployGuards.check(chat.blueprint(), DeployGuards.templates(app.synth()),
                app.synth());
        assertThat(everything).extracting(Violation::guard).contains(Guard.FANOUT_QUEUE_POLICY);
    }

    @Test
    void badRoutes_failWithTheFieldAndAFix() {
        RouteOptions fn = RouteOptions.builder().handler("com.example.X").build();
        assertThatThrownBy(() -> chat.addRoute("typing", fn)).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("routes.typing: the route exists");
        assertThatThrownBy(() -> chat.addRoute("$default", fn)).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("routes.$default: addRoute adds action routes");
        assertThatThrownBy(() -> chat.addRoute("ROOMS", fn)).isInstanceOf(BlueprintException.class)
                .hasMessageContaining("its function short name 'rooms' (alarm names) is taken");
        assertThatThrownBy(() -> chat.addRoute("bad key!", fn)).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("routes.bad key!.routeKey");
        assertThatThrownBy(() -> RouteOptions.builder().build()).isInstanceOf(BlueprintException.class)
                .hasMessageStartingWith("routeOptions: neither a function nor a handler class");
    }

    private static Function typingFunction() {
        return (Function) stack.getNode().findChild("Typing");
    }
}
