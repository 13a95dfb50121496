package ${package}.infra;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.cdk.EdgeProtection;
import dev.switchboard.cdk.Switchboard;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app (cdk.json): {@code npx cdk synth -c env=dev}. Builds the blueprint of that environment from
 * switchboard.json and creates the edge stack (us-east-1, unless the environment turns the edge off) and one
 * Switchboard stack per region, the primary region's first, each running this project's handler jar.
 */
public final class CdkApp {
    private CdkApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Object env = app.getNode().tryGetContext("env");
        ProjectFiles project = ProjectFiles.find();
        Blueprint blueprint = project.blueprint(env == null ? "dev" : env.toString());
        String account = blueprint.environment().requireAccount();
        String name = blueprint.name() + "-" + blueprint.environment().name();

        Stack edge = null;
        if (blueprint.environment().edge()) {
            edge = new Stack(app, name + "-edge", StackProps.builder()
                    .env(Environment.builder().account(account).region("us-east-1").build()).build());
            new EdgeProtection(edge, "Edge", new EdgeProtection.Props(blueprint));
        }
        Stack primary = null;
        for (String region : blueprint.environment().regions()) {
            Stack stack = new Stack(app, name + "-" + region, StackProps.builder()
                    .env(Environment.builder().account(account).region(region).build()).build());
            new Switchboard(stack, "Switchboard", Switchboard.Props.builder(blueprint, project.handlerJar()).build());
            if (edge != null) {
                stack.addDependency(edge);
            }
            if (region.equals(blueprint.environment().primaryRegion())) {
                primary = stack;
            } else if (primary != null) {
                stack.addDependency(primary);
            }
        }
        app.synth();
    }
}
