package dev.switchboard.local;

import dev.switchboard.devkit.DevTokens;
import java.time.Clock;

/**
 * The lines {@code ./switchboard local} and {@code mvn switchboard:dev} print once the gateway serves requests:
 * websocket, management, dynamodb, a dev token for user {@code alice}, the chat page. Tools wait for the
 * {@code chat page:} line.
 */
public final class ReadyBanner {
    private ReadyBanner() {
    }

    /** The banner of {@code gateway}, one line per endpoint, each ending in a newline. */
    public static String of(LocalGateway gateway, LocalConfig config) {
        String token = new DevTokens(config.jwtSecret(), config.jwtIssuer(), config.jwtAudience(),
                DevTokens.DEFAULT_TTL, Clock.systemUTC()).token("alice");
        return "websocket: " + gateway.websocketUrl() + "\n"
                + "management: " + gateway.managementUrl() + "\n"
                + "dynamodb: " + gateway.dynamoDbEndpoint() + "\n"
                + "token: " + token + "\n"
                + "chat page: http://127.0.0.1:" + gateway.port() + "/\n";
    }
}
