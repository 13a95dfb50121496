package dev.switchboard.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.lambdas.ConnectHandler;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The child of the init breakdown ({@link InitBreakdown}): a cold {@code $connect} like {@link FirstConnect}'s, with
 * the libraries loaded one at a time before the handler so that each one's class loading and initialisation shows
 * on its own: Jackson (reads and writes the event), an SDK DynamoDB client built as the handlers build theirs
 * (URL-connection HTTP client, static credentials, endpoint override), then the shipped {@link ConnectHandler} (what
 * is left of its init), its first request, and last nimbus parsing a JWT (the authorizer's library, not on the
 * {@code $connect} handler's path). Prints {@code STAGE name=.. ms=..} per stage, then {@code HANDLED ..}; marks each
 * stage in a class-load log ({@link PhaseMarks}). Arguments as {@link FirstConnect}'s.
 */
public final class StagedInit {
    private StagedInit() {
    }

    public static void main(String[] args) throws Exception {
        PhaseMarks.mark("Boot");
        String event = FirstConnect.event(args[0], args.length > 1 ? args[1] : "lobby");
        long t0 = System.nanoTime();
        ObjectMapper mapper = new ObjectMapper();
        JsonNode tree = mapper.readTree(event);
        mapper.writeValueAsBytes(tree);
        long t1 = stage("Jackson", t0);
        DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .build();
        long t2 = stage("SdkClient", t1);
        ConnectHandler handler = new ConnectHandler();
        long t3 = stage("Init", t2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new java.io.ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        long t4 = stage("FirstRequest", t3);
        com.nimbusds.jwt.SignedJWT.parse(tree.at("/queryStringParameters/token").asText()).getJWTClaimsSet();
        stage("Nimbus", t4);
        System.out.println("HANDLED initMs=" + (t3 - t0) / 1e6 + " firstRequestMs=" + (t4 - t3) / 1e6 + " "
                + out.toString(StandardCharsets.UTF_8));
        System.out.flush();
        System.exit(0);
    }

    private static long stage(String name, long since) {
        long now = System.nanoTime();
        PhaseMarks.mark(name);
        System.out.println("STAGE name=" + name + " ms=" + (now - since) / 1e6);
        return System.nanoTime();
    }
}
