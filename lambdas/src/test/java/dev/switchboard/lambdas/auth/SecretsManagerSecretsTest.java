package dev.switchboard.lambdas.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.blueprint.EnvVars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets Manager reads through the real SDK client against a local HTTP server that answers GetSecretValue. */
class SecretsManagerSecretsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Complete ARNs, as the renderers pass them (name, a hyphen and Secrets Manager's six random characters). */
    private static final String JWT_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:switchboard/jwt-AbCdEf";
    private static final String ORIGIN_ARN =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:switchboard/origin-value-XyZ123";
    private static final String DENIED_ARN =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:switchboard/denied-Qw3rTy";
    private static final String JWT_SECRET = "secret-from-secrets-manager-at-least-32-bytes";
    private static final String ORIGIN_SECRET = "origin-secret-from-secrets-manager";

    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final String SLOW_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:switchboard/slow-Zx9Yw8";

    private HttpServer server;
    private final List<String> requestedIds = new CopyOnWriteArrayList<>();
    private final List<String> requestedStages = new CopyOnWriteArrayList<>();
    private final AtomicInteger clientsBuilt = new AtomicInteger();

    @BeforeEach
    void startFakeSecretsManager() throws IOException {
        Map<String, String> secrets = Map.of(JWT_ARN, JWT_SECRET, ORIGIN_ARN, ORIGIN_SECRET);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String id = request.path("SecretId").asText();
            String stage = request.path("VersionStage").asText("AWSCURRENT");
            requestedIds.add(id);
            requestedStages.add(stage);
            if (SLOW_ARN.equals(id)) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond(exchange, 200, "{\"SecretString\":\"late\"}");
                return;
            }
            if (DENIED_ARN.equals(id)) {
                respond(exchange, 400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:sts::"
                        + "123456789012:assumed-role/fn is not authorized to perform: secretsmanager:GetSecretValue\"}");
                return;
            }
            if (!"secretsmanager.GetSecretValue".equals(target) || !secrets.containsKey(id)
                    || !"AWSCURRENT".equals(stage)) {
                respond(exchange, 400, "{\"__type\":\"ResourceNotFoundException\","
                        + "\"message\":\"Secrets Manager can't find the specified secret.\"}");
                return;
            }
            respond(exchange, 200, JSON.writeValueAsString(Map.of("ARN", id, "Name", "n", "VersionId", "v1",
                    "SecretString", secrets.get(id))));
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private SecretsManagerSecrets secrets() {
        return new SecretsManagerSecrets(() -> {
            clientsBuilt.incrementAndGet();
            return SecretsManagerClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        });
    }

    @Test
    void fromEnv_withSecretArns_readsEachOnceOnFirstUseAndUsesThem() {
        // GIVEN the AWS-style configuration: both secrets named by ARN
        Map<String, String> env = Map.of(
                EnvVars.JWT_SECRET_ARN, JWT_ARN,
                EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE,
                EnvVars.ORIGIN_HEADER_NAME, "X-Switchboard-Origin",
                EnvVars.ORIGIN_SECRET_ARN, ORIGIN_ARN);

        // WHEN the configuration is built
        SecretsManagerSecrets secrets = secrets();
        AuthConfig config = AuthConfig.fromEnv(env, secrets, Clock.systemUTC(), new AuthorizerEvents.CapturedLog().log);

        // THEN nothing is read yet (no client either)
        assertThat(requestedIds).isEmpty();
        assertThat(clientsBuilt).hasValue(0);

        // AND once used, each secret was read once, through one client, and the values are in force
        String token = TestKeys.sign(new JWSHeader(JWSAlgorithm.HS256),
                TestKeys.validClaims().build(), TestKeys.macSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(config.verifier().verify(token).allowed()).isTrue();
        assertThat(config.verifier().verify(TestKeys.hs256(TestKeys.validClaims().build())).reason())
                .isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(config.originGuard().check(Map.of("x-switchboard-origin", ORIGIN_SECRET))).isEqualTo(Reason.OK);
        assertThat(config.originGuard().check(Map.of("x-switchboard-origin", "guess"))).isEqualTo(Reason.ORIGIN_MISMATCH);
        // (each label once: AWSPREVIOUS answers ResourceNotFoundException here, a secret that never changed)
        assertThat(requestedIds).containsExactlyInAnyOrder(JWT_ARN, JWT_ARN, ORIGIN_ARN, ORIGIN_ARN);
        assertThat(requestedStages).containsExactlyInAnyOrder("AWSCURRENT", "AWSPREVIOUS", "AWSCURRENT", "AWSPREVIOUS");
        assertThat(clientsBuilt).hasValue(1);
        secrets.close();
    }

    @Test
    void fromEnv_withoutArns_buildsNoClient() {
        // GIVEN a local configuration (plain secret)
        Map<String, String> env = Map.of(
                EnvVars.JWT_SECRET, JWT_SECRET,
                EnvVars.JWT_ISSUER, TestKeys.ISSUER,
                EnvVars.JWT_AUDIENCE, TestKeys.AUDIENCE);

        // WHEN the configuration is built
        try (SecretsManagerSecrets secrets = secrets()) {
            AuthConfig config = AuthConfig.fromEnv(env, secrets, Clock.systemUTC(), new AuthorizerEvents.CapturedLog().log);
            config.verifier().verify(TestKeys.hs256(TestKeys.validClaims().build()));
        }

        // THEN Secrets Manager was never touched
        assertThat(clientsBuilt).hasValue(0);
        assertThat(requestedIds).isEmpty();
    }

    @Test
    void fetch_whenSecretUnknown_failsNamingTheArnTheCodeAndTheFix() {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:missing-000000";
        try (SecretsManagerSecrets secrets = secrets()) {
            assertThatThrownBy(() -> secrets.fetch(arn, SecretFetcher.CURRENT, BUDGET))
                    .isInstanceOfSatisfying(SecretReadException.class, e -> {
                        assertThat(e.secretId()).isEqualTo(arn);
                        assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
                        assertThat(e.detail()).contains("complete ARN").contains("secretsmanager:GetSecretValue");
                    });
        }
    }

    @Test
    void fetch_whenAccessDenied_failsWithTheServiceErrorCode() {
        try (SecretsManagerSecrets secrets = secrets()) {
            assertThatThrownBy(() -> secrets.fetch(DENIED_ARN, SecretFetcher.CURRENT, BUDGET))
                    .isInstanceOfSatisfying(SecretReadException.class, e -> {
                        assertThat(e.secretId()).isEqualTo(DENIED_ARN);
                        assertThat(e.errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.detail()).contains("is not authorized");
                    });
        }
    }

    @Test
    void fetch_withACompleteArn_sendsItUnchanged() {
        try (SecretsManagerSecrets secrets = secrets()) {
            assertThat(secrets.fetch(ORIGIN_ARN, SecretFetcher.CURRENT, BUDGET)).isEqualTo(ORIGIN_SECRET);
        }
        assertThat(requestedIds).containsExactly(ORIGIN_ARN);
    }

    @Test
    void fetch_whenSecretsManagerHangs_failsWithinTheBudget() {
        // GIVEN a Secrets Manager that answers after 3 s; WHEN a read with a 300 ms budget is made
        try (SecretsManagerSecrets secrets = secrets()) {
            secrets.fetch(ORIGIN_ARN, SecretFetcher.CURRENT, BUDGET); // a warm client, as on a re-read
            long start = System.nanoTime();
            assertThatThrownBy(() -> secrets.fetch(SLOW_ARN, SecretFetcher.CURRENT, Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(SecretReadException.class,
                            e -> assertThat(e.errorCode()).isEqualTo("ApiCallTimeoutException"));
            // THEN it gave up before the answer came (the bound is loose: the machine may be loaded)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void fetch_ofThePreviousVersion_sendsTheVersionStage() {
        // GIVEN a secret without a previous version (never changed): the fake answers as Secrets Manager does
        try (SecretsManagerSecrets secrets = secrets()) {
            assertThatThrownBy(() -> secrets.fetch(JWT_ARN, SecretFetcher.PREVIOUS, BUDGET))
                    .isInstanceOfSatisfying(SecretReadException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SecretFetcher.NOT_FOUND));
        }
        assertThat(requestedStages).containsExactly("AWSPREVIOUS");
    }

    @Test
    void forRegion_whenRegionMissing_failsOnFirstFetchNamingAwsRegion() {
        try (SecretsManagerSecrets secrets = SecretsManagerSecrets.forRegion(null)) {
            assertThatThrownBy(() -> secrets.fetch(JWT_ARN, SecretFetcher.CURRENT, BUDGET))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("AWS_REGION");
        }
    }
}
