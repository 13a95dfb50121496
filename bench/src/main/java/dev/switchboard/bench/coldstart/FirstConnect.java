package dev.switchboard.bench.coldstart;

import dev.switchboard.lambdas.ConnectHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The child of the cold-start benchmark: what Lambda does on a cold {@code $connect}. It builds the shipped
 * {@link ConnectHandler} with its public no-argument constructor (environment variables, SDK clients), hands it the
 * raw API Gateway event and prints {@code HANDLED initMs=.. firstRequestMs=.. <response>}: the constructor's time
 * (Lambda's init phase, which SnapStart snapshots) and the first request's. Runs on the shaded handler jar only (plus this class).
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
        long t0 = System.nanoTime();
        ConnectHandler handler = new ConnectHandler();
        long t1 = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        long t2 = System.nanoTime();
        System.out.println("HANDLED initMs=" + (t1 - t0) / 1_000_000.0 + " firstRequestMs=" + (t2 - t1) / 1_000_000.0
                + " " + out.toString(StandardCharsets.UTF_8));
        System.out.flush();
        System.exit(0);
    }
}
