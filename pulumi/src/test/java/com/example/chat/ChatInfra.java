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
import dev.switchboard.pulumi.SwitchboardArgs;
import dev.switchboard.pulumi.SwitchboardEnvironment;
import dev.switchboard.pulumi.SwitchboardSecrets;

import java.util.List;
import java.util.Map;

/** A user's own Pulumi program that embeds Switchboard (docs/library.md shows this file). */
public final class ChatInfra {
    private ChatInfra() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
        Pulumi.run(ChatInfra::stack);
    }

    public static void stack(Context ctx) {
        // The reference system plus our own route, in one region of our account.
        Environment env = Environments.resolve("dev", Map.of(
                "account", "123456789012",
                "regions", List.of("eu-west-1"),
                "routes", List.of(Map.of("routeKey", "typing", "handler", "com.example.chat.TypingHandler",
                        "tableAccess", "READ", "managementApi", true))));
        Blueprint blueprint = Blueprint.reference(env);
        SwitchboardSecrets secrets = new SwitchboardSecrets(
                ctx.config().requireSecret("jwtSecret"), ctx.config().requireSecret("originSecret"));

        // Our jar holds Switchboard's handlers and ours (shade dev.switchboard:switchboard-lambdas into it).
        SwitchboardEnvironment chat = new SwitchboardEnvironment("chat",
                new SwitchboardArgs(blueprint, secrets, new FileArchive("build/chat-handlers.jar")), null);

        // Our own resources next to it, through the provider Switchboard uses for that region.
        new TopicSubscription("chat-alarms-to-pager", TopicSubscriptionArgs.builder()
                .topic(chat.region("eu-west-1").monitoring().topic().arn())
                .protocol("https")
                .endpoint("https://pager.example.com/hooks/aws")
                .build(), CustomResourceOptions.builder().provider(chat.provider("eu-west-1")).build());

        ctx.export("url", chat.websocketUrls().applyValue(urls -> urls.get("eu-west-1")));
    }
}
