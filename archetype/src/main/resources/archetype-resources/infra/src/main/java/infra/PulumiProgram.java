package ${package}.infra;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.asset.FileArchive;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.pulumi.SwitchboardArgs;
import dev.switchboard.pulumi.SwitchboardEnvironment;
import dev.switchboard.pulumi.SwitchboardSecrets;

/**
 * The Pulumi program (Pulumi.yaml): the environment named by the stack's {@code environment} config, from
 * switchboard.json, as one {@link SwitchboardEnvironment} running this project's handler jar.
 */
public final class PulumiProgram {
    private PulumiProgram() {
    }

    public static void main(String[] args) {
        Pulumi.run(PulumiProgram::stack);
    }

    static void stack(Context ctx) {
        ProjectFiles project = ProjectFiles.find();
        Blueprint blueprint = project.blueprint(ctx.config().get("environment").orElse("dev"));
        SwitchboardSecrets secrets = new SwitchboardSecrets(
                ctx.config().requireSecret("jwtSecret"), ctx.config().requireSecret("originSecret"));
        SwitchboardEnvironment app = new SwitchboardEnvironment(blueprint.name(),
                new SwitchboardArgs(blueprint, secrets, new FileArchive(project.handlerJar().toString())), null);
        ctx.export("websocketUrls", app.websocketUrls());
    }
}
