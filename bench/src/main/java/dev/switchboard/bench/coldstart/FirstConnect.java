package dev.switchboard.bench.coldstart;

import dev.switchboard.lambdas.ConnectHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The child of the cold-start benchmark: what Lambda does on a cold {@code $connect}. It builds the shipped
 * {@link ConnectHandler} with its public no-argument constructor (environment variables, SDK clients), hands it the
 * raw API Gateway event and prints {@code HANDLED initMs=.. firstRequestMs=.. <response>}: the constructor's time
 * (Lambda's init phase, which SnapStart snapshots) and the first request's. Runs on the shaded handler jar only (plus
 * the benchmark's child jar). Arguments: the connection id to use, and the room to join ({@code ?room=}; default
 * {@code lobby}, an empty argument for none: then the {@code $connect} is one PutItem). Marks its phases in a
 * class-load log ({@link PhaseMarks}).
 */
public final class FirstConnect {
    private FirstConnect() {
    }

    public static void main(String[] args) throws Exception {
        PhaseMarks.mark("Boot");
        String room = args.length > 1 ? args[1] : "lobby";
        String event = event(args[0], room);
        long t0 = System.nanoTime();
        ConnectHandler handler = new ConnectHandler();
        long t1 = System.nanoTime();
        PhaseMarks.mark("Init");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        long t2 = System.nanoTime();
        PhaseMarks.mark("FirstRequest");
        System.out.println("HANDLED initMs=" + (t1 - t0) / 1_000_000.0 + " firstRequestMs=" + (t2 - t1) / 1_000_000.0
                + " " + out.toString(StandardCharsets.UTF_8));
        System.out.flush();
        System.exit(0);
    }

    /** The recorded {@code $connect} event with {@code connectionId} and, unless empty, {@code ?room=room}. */
    static String event(String connectionId, String room) throws java.io.IOException {
        try (InputStream in = FirstConnect.class.getResourceAsStream("/events/connect.json")) {
            String event = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("HEMM0fIjIAMCFvA=", connectionId);
            return room.isEmpty() ? event
                    : event.replace("\"queryStringParameters\":{", "\"queryStringParameters\":{\"room\":\"" + room + "\",");
        }
    }
}
