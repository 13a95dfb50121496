package dev.switchboard.lambdas;

import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.lambdas.api.HandlerConfig;
import java.util.Map;

/**
 * Builds a {@link ConnectHandler} from an environment (priming on or off, {@code args[0]}) in a JVM of its own and
 * prints {@code CONSTRUCTED}: run with {@code -Xlog:class+load} by {@link InitClassesTest}, the classes logged before
 * that line are the ones the handler's init loaded. Nothing answers at the endpoints: init makes no call (a priming
 * read fails and only warns).
 */
public final class InitClassesProbe {
    private InitClassesProbe() {
    }

    public static void main(String[] args) {
        ConnectHandler handler = new ConnectHandler(Map.of(EnvVars.TABLE_NAME, "t",
                EnvVars.DYNAMODB_ENDPOINT, "http://127.0.0.1:9", EnvVars.CALLBACK_URL, "http://127.0.0.1:9/dev",
                EnvVars.REGION, "us-east-1", HandlerConfig.PRIME, args[0]));
        System.out.println("CONSTRUCTED");
        handler.close();
    }
}
