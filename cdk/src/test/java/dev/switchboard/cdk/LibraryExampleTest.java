package dev.switchboard.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * docs/library.md as a test: the code between the markers below is the code the document shows (a test checks that
 * the document still contains it, line for line).
 */
class LibraryExampleTest {
    // docs/library.md:begin
    /** A user's own stack that embeds a regional Switchboard next to its own resources. */
    static final class ChatStack extends software.amazon.awscdk.Stack {
        ChatStack(software.constructs.Construct scope, String id, dev.switchboard.blueprint.Blueprint blueprint,
                  java.nio.file.Path handlerJar) {
            super(scope, id, software.amazon.awscdk.StackProps.builder()
                    .env(software.amazon.awscdk.Environment.builder()
                            .account(blueprint.environment().account())
                            .region(blueprint.environment().primaryRegion())
                            .build())
                    .build());
            // the user's own resources live next to Switchboard's
            software.amazon.awscdk.services.sns.Topic events = software.amazon.awscdk.services.sns.Topic.Builder
                    .create(this, "ChatEvents").enforceSsl(true).build();
            Switchboard chat = new Switchboard(this, "Chat", Switchboard.Props.builder(blueprint, handlerJar)
                    .jwtIssuer("https://auth.example.com/")
                    .jwtAudience("chat")
                    .build());
            software.amazon.awscdk.CfnOutput.Builder.create(this, "ChatUrl")
                    .value(chat.distribution().webSocketUrl()).build();
            software.amazon.awscdk.CfnOutput.Builder.create(this, "ChatEventsTopic")
                    .value(events.getTopicArn()).build();
        }
    }

    /** The user's app: the us-east-1 edge stack first, then their stack. */
    static ChatStack chatApp(App app, java.nio.file.Path handlerJar) {
        dev.switchboard.blueprint.Blueprint blueprint = dev.switchboard.blueprint.Blueprint.reference(
                dev.switchboard.blueprint.Environments.resolve("prod", Map.of(
                        "account", "123456789012",
                        "regions", List.of("eu-central-1"),
                        "primaryRegion", "eu-central-1")));
        software.amazon.awscdk.Stack edge = new software.amazon.awscdk.Stack(app, "ChatEdge",
                software.amazon.awscdk.StackProps.builder().env(software.amazon.awscdk.Environment.builder()
                        .account("123456789012").region("us-east-1").build()).build());
        new EdgeProtection(edge, "Edge", blueprint);
        ChatStack chat = new ChatStack(app, "Chat", blueprint, handlerJar);
        chat.addStackDependency(edge);
        return chat;
    }

    /** The user's snapshot test, with Switchboard's snapshot helper. */
    @Test
    void chatStack_matchesItsSnapshot() {
        App app = new App();
        ChatStack chat = chatApp(app, SwitchboardApp.root().resolve("lambdas/target/switchboard-lambdas.jar"));
        Template template = Template.fromStack(chat);
        Snapshots.assertMatches(Path.of("src/test/resources/snapshots/library/Chat.json"), template.toJSON());
    }
    // docs/library.md:end

    @Test
    void chatStack_holdsAWholeSwitchboard_besideTheUsersResources() {
        ChatStack chat = chatApp(new App(), SwitchboardApp.root().resolve(SwitchboardApp.HANDLER_JAR));
        Template t = Template.fromStack(chat);
        t.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        t.resourceCountIs("AWS::DynamoDB::GlobalTable", 1);
        t.resourceCountIs("AWS::CloudFront::Distribution", 1);
        t.resourceCountIs("AWS::SNS::Topic", 2);
        t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "switchboard-prod-authorizer",
                "Environment", Map.of("Variables", software.amazon.awscdk.assertions.Match.objectLike(Map.of(
                        "JWT_ISSUER", "https://auth.example.com/", "JWT_AUDIENCE", "chat")))));
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
