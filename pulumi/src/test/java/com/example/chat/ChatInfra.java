package com.example.chat;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.asset.FileArchive;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.resources.CustomResourceOptions;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environment;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.TableAccess;
import dev.switchboard.pulumi.ExtraRoute;
import dev.switchboard.pulumi.SwitchboardArgs;
import dev.switchboard.pulumi.SwitchboardEnvironment;
import dev.switchboard.pulumi.SwitchboardSecrets;

import java.util.List;
import java.util.Map;

/** A user's own Pulumi program that embeds two Switchboards (docs/library.md shows this file). */
public final class ChatInfra {
    private ChatInfra() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
        Pulumi.run(ChatInfra::stack);
    }

    public static void stack(Context ctx) {
        // Two systems in one region of our account: chat behind the edge (CloudFront and WAF), game without it.
        Environment dev = Environments.resolve("dev", Map.of(
                "account", "123456789012",
                "regions", List.of("eu-west-1")));
        SwitchboardSecrets secrets = new SwitchboardSecrets(
                ctx.config().requireSecret("jwtSecret"), ctx.config().requireSecret("originSecret"));
        FileArchive switchboardHandlers = new FileArchive("build/switchboard-lambdas.jar");

        // Switchboard's handlers from its released jar, each system's own route from our jars.
        SwitchboardEnvironment chat = new SwitchboardEnvironment("chat",
                SwitchboardArgs.of(Blueprint.reference("chat", dev), secrets)
                        .withHandlerCode(switchboardHandlers)
                        .withRoute(ExtraRoute.of("typing", "com.example.chat.TypingHandler",
                                        new FileArchive("build/chat-handlers.jar"))
                                .withTableAccess(TableAccess.READ).withManagementApi()), null);
        // Without the edge there is no CloudFront to send an origin header, so no origin secret.
        SwitchboardEnvironment game = new SwitchboardEnvironment("game",
                SwitchboardArgs.of(Blueprint.reference("game", dev.withEdge(false)),
                                new SwitchboardSecrets(secrets.jwtSecret(), null))
                        .withHandlerCode(switchboardHandlers)
                        .withRoute(ExtraRoute.of("move", "com.example.game.MoveHandler",
                                new FileArchive("build/game-handlers.jar")).twoWay()), null);

        // Our own resources next to them, through the provider Switchboard uses for that region.
        new TopicSubscription("chat-alarms-to-pager", TopicSubscriptionArgs.builder()
                .topic(chat.region("eu-west-1").monitoring().topic().arn())
                .protocol("https")
                .endpoint("https://pager.example.com/hooks/aws")
                .build(), CustomResourceOptions.builder().provider(chat.provider("eu-west-1")).build());

        ctx.export("chatUrl", chat.websocketUrls().applyValue(urls -> urls.get("eu-west-1")));
        ctx.export("gameUrl", game.websocketUrls().applyValue(urls -> urls.get("eu-west-1")));
    }
}
