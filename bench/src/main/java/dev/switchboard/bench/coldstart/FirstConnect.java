package dev.switchboard.bench.coldstart;

import dev.switchboard.lambdas.ConnectHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The child of the cold-start benchmark: what Lambda does on a cold {@code $connect}. It builds the shipped
 * {@link ConnectHandler} with its public no-argument constructor (environment variables, SDK clients), hands it the
 * raw API Gateway event and prints {@code HANDLED <response>}. Runs on the shaded handler jar only (plus this class).
 * The first argument is the connection id to use.
 */
public final class FirstConnect {
    private FirstConnect() {
    }

    public static void main(String[] args) throws Exception {
        String event;
        try (InputStream in = FirstConnect.class.getResourceAsStream("/events/connect.json")) {
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("HEMM0fIjIAMCFvA=", args[0])
                    .replace("\"queryStringParameters\":{", "\"queryStringParameters\":{\"room\":\"lobby\",");
        }
        ConnectHandler handler = new ConnectHandler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        System.out.println("HANDLED " + out.toString(StandardCharsets.UTF_8));
        System.out.flush();
        System.exit(0);
    }
}
