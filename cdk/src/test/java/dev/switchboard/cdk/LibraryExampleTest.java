package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cdk.guards.DeployGuards;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;

/**
 * docs/library.md as a test: the code between the markers below is the code the document shows (a test checks that
 * the document still contains it, line for line). The app holds two systems in one account and region, "chat" behind
 * the edge and "game" without it, each with a route of the user's own plain function; the tests below check that the
 * app passes the guards, cfn-lint and cdk-nag, and that no physical name appears twice.
 */
class LibraryExampleTest {
    // docs/library.md:begin
    /** A user's own stack: their function, and a regional Switchboard with a route that runs it. */
    static final class ChatStack extends software.amazon.awscdk.Stack {
        final Switchboard chat;

        ChatStack(software.constructs.Construct scope, String id, dev.switchboard.blueprint.Blueprint blueprint,
                  java.nio.file.Path handlerJar) {
            super(scope, id, software.amazon.awscdk.StackProps.builder()
                    .env(software.amazon.awscdk.Environment.builder()
                            .account(blueprint.environment().account())
                            .region(blueprint.environment().primaryRegion())
                            .build())
                    .build());
            // the user's own function, a plain one (no SnapStart, no alias)
            software.amazon.awscdk.services.lambda.Function typing = software.amazon.awscdk.services.lambda.Function
                    .Builder.create(this, "Typing")
                    .runtime(software.amazon.awscdk.services.lambda.Runtime.NODEJS_22_X)
                    .handler("index.handler")
                    .code(software.amazon.awscdk.services.lambda.Code.fromInline(
                            "exports.handler = async () => ({ statusCode: 200 });"))
                    .build();
            this.chat = new Switchboard(this, "Chat", Switchboard.Props.builder(blueprint, handlerJar)
                    .jwtIssuer("https://auth.example.com/")
                    .jwtAudience(blueprint.name())
                    .build());
            // the route gets the authorizer-side checks, the narrowest grants, alarms and its place in the guards
            chat.addRoute("typing", RouteOptions.builder().function(typing)
                    .tableAccess(dev.switchboard.blueprint.TableAccess.READ)
                    .managementApi(true)
                    .build());
            software.amazon.awscdk.CfnOutput.Builder.create(this, "ChatUrl").value(chat.webSocketUrl()).build();
        }
    }

    /** The user's app: two systems in one account and region, "chat" behind the edge and "game" without it. */
    static App twoSystems(java.nio.file.Path handlerJar) {
        App app = new App();
        dev.switchboard.blueprint.Environment prod = dev.switchboard.blueprint.Environments.resolve("prod", Map.of(
                "account", "123456789012",
                "regions", List.of("eu-central-1")));
        dev.switchboard.blueprint.Blueprint chat = dev.switchboard.blueprint.Blueprint.reference("chat", prod);
        dev.switchboard.blueprint.Blueprint game = dev.switchboard.blueprint.Blueprint.reference("game",
                prod.withEdge(false));
        // the edge (CloudFront's web ACL) lives in us-east-1 and deploys first
        software.amazon.awscdk.Stack edge = new software.amazon.awscdk.Stack(app, "ChatEdge",
                software.amazon.awscdk.StackProps.builder().env(software.amazon.awscdk.Environment.builder()
                        .account("123456789012").region("us-east-1").build()).build());
        new EdgeProtection(edge, "Edge", new EdgeProtection.Props(chat));
        new ChatStack(app, "Chat", chat, handlerJar).addStackDependency(edge);
        new ChatStack(app, "Game", game, handlerJar);
        return app;
    }

    /** The user's test: synthesize the app and run Switchboard's deploy guards over it. */
    @Test
    void twoSystems_passTheDeployGuards() {
        App app = twoSystems(SwitchboardApp.root().resolve("lambdas/target/switchboard-lambdas.jar"));
        DeployGuards.verify(app);
    }
    // docs/library.md:end

    private static App app;
    private static CloudAssembly assembly;

    @BeforeAll
    static void synthesizeWithCdkNag() {
        app = twoSystems(SwitchboardApp.root().resolve(SwitchboardApp.HANDLER_JAR));
        Aspects.of(app).add(new AwsSolutionsChecks());
        assembly = app.synth();
    }

    private static ChatStack stack(String id) {
        return (ChatStack) app.getNode().findChild(id);
    }

    @Test
    void theGuards_reportNothing_forTheUsersPlainFunctionOnARoute() {
        assertThat(DeployGuards.check(app)).isEmpty();
        // the route integrates the user's function itself (no alias) with a permission scoped to its route
        Template game = Template.fromStack(stack("Game"));
        game.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "typing"));
        game.hasResourceProperties("AWS::Lambda::Permission", Map.of("SourceArn", Match.objectLike(Map.of(
                "Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of("/prod/typing"))))))));
    }

    @Test
    void cdkNag_findsNothingOnSwitchboardsResources_onlyOnTheUsersFunction() {
        List<String> findings = new ArrayList<>();
        for (String id : List.of("Chat", "Game")) {
            Annotations a = Annotations.fromStack(stack(id));
            a.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).forEach(m -> findings.add(m.getId()));
            a.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).forEach(m -> findings.add(m.getId()));
        }
        Annotations edge = Annotations.fromStack((software.amazon.awscdk.Stack) app.getNode().findChild("ChatEdge"));
        edge.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).forEach(m -> findings.add(m.getId()));
        // the checks ran: the user's function (its managed basic execution policy) is reported, nothing else
        assertThat(findings).isNotEmpty().allSatisfy(path -> assertThat(path).matches("/(Chat|Game)/Typing/.*"));
    }

    @Test
    void noPhysicalName_appearsTwice() {
        Map<String, String> named = Map.ofEntries(
                Map.entry("AWS::SNS::Topic", "TopicName"), Map.entry("AWS::CloudWatch::Dashboard", "DashboardName"),
                Map.entry("AWS::CloudWatch::Alarm", "AlarmName"), Map.entry("AWS::Lambda::Function", "FunctionName"),
                Map.entry("AWS::SSM::Parameter", "Name"), Map.entry("AWS::SecretsManager::Secret", "Name"),
                Map.entry("AWS::Logs::LogGroup", "LogGroupName"), Map.entry("AWS::SQS::Queue", "QueueName"),
                Map.entry("AWS::DynamoDB::GlobalTable", "TableName"), Map.entry("AWS::WAFv2::WebACL", "Name"),
                Map.entry("AWS::ApiGatewayV2::Api", "Name"));
        List<String> names = new ArrayList<>();
        DeployGuards.templates(assembly).values().forEach(t -> Cfn.resourcesOf(t).values().forEach(r -> {
            String property = named.get(String.valueOf(r.get("Type")));
            if (property != null && Cfn.props(r) != null && Cfn.props(r).get(property) instanceof String name) {
                names.add(r.get("Type") + " " + name);
            }
        }));
        assertThat(names).doesNotHaveDuplicates().contains("AWS::Lambda::Function chat-prod-connect",
                "AWS::Lambda::Function game-prod-connect", "AWS::SSM::Parameter /chat/prod/edge/web-acl-arn",
                "AWS::CloudWatch::Alarm game-prod-eu-central-1-fn-typing-errors");
    }

    @Test
    void cfnLint_reportsNoError() throws Exception {
        String exe = CfnLintTest.executable();
        assertThat(exe).as("cfn-lint on the PATH (README prerequisites)").isNotNull();
        Path dir = Path.of("target", "cfn-lint", "library").toAbsolutePath();
        List<Path> files = new ArrayList<>();
        java.util.Set<String> regions = new java.util.TreeSet<>();
        for (CloudFormationStackArtifact a : assembly.getStacks()) {
            String region = a.getEnvironment().getRegion();
            files.add(CfnLintTest.write(dir.resolve(a.getStackName() + ".json"),
                    DeployGuards.templates(assembly).get(a.getStackName()), region));
            regions.add(region);
        }
        assertThat(regions).containsOnly("us-east-1", "eu-central-1");
        assertThat(CfnLintTest.lint(exe, files)).filteredOn(f -> f.level().equals("Error")).isEmpty();
    }

    @Test
    void withoutTheEdge_clientsConnectToTheApiItself() {
        Template game = Template.fromStack(stack("Game"));
        game.resourceCountIs("AWS::CloudFront::Distribution", 0);
        // no identity source without the edge: the token may come in the query string or in Sec-WebSocket-Protocol
        game.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("IdentitySource", Match.absent()));
        game.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("DefaultRouteSettings", Match.objectLike(
                Map.of("ThrottlingRateLimit", Match.anyValue()))));
        assertThat(stack("Game").chat.webSocketUrl()).isNotNull();
        Template chat = Template.fromStack(stack("Chat"));
        chat.resourceCountIs("AWS::CloudFront::Distribution", 1);
    }

    @Test
    void docsLibraryMd_showsThisExample_lineForLine() throws Exception {
        Path root = SwitchboardApp.root();
        List<String> source = Files.readAllLines(root.resolve(
                "cdk/src/test/java/dev/switchboard/cdk/LibraryExampleTest.java"));
        int begin = source.indexOf("    // docs/library.md:begin");
        int end = source.indexOf("    // docs/library.md:end");
        assertThat(begin).isPositive();
        assertThat(end).isGreaterThan(begin);
        String example = String.join("\n", source.subList(begin + 1, end).stream()
                .map(l -> l.length() >= 4 ? l.substring(4) : l.strip()).toList());
        String doc = Files.readString(root.resolve("docs/library.md"));
        assertThat(doc).contains(example);
        assertThat(Arrays.asList(doc.split("\n"))).contains("    <artifactId>switchboard-cdk</artifactId>");
    }
}
