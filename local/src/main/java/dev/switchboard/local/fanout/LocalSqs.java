package dev.switchboard.local.fanout;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FanoutSpec;
import dev.switchboard.lambdas.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ (an SQS-compatible server, from Maven Central) in this JVM on a free loopback port, with the blueprint's
 * fan-out queue and its dead-letter queue created as the renderers provision them: the visibility timeout, the
 * retention and the redrive policy ({@code maxReceiveCount}) of {@link FanoutSpec}.
 */
public final class LocalSqs implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;
    private final String queueUrl;
    private final String dlqUrl;

    private LocalSqs(Blueprint blueprint) {
        int port = freePort();
        this.server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion(blueprint.environment().primaryRegion()).start();
        server.waitUntilStarted();
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.client = SqsClient.builder().endpointOverride(endpoint)
                .region(Region.of(blueprint.environment().primaryRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        FanoutSpec spec = blueprint.fanout();
        String name = blueprint.fanoutQueueName();
        this.dlqUrl = client.createQueue(b -> b.queueName(name + "-dlq").attributes(Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(spec.dlqRetentionSeconds())))).queueUrl();
        String dlqArn = client.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = Json.write(Json.object().put("deadLetterTargetArn", dlqArn)
                .put("maxReceiveCount", Integer.toString(spec.maxReceiveCount())));
        this.queueUrl = client.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(spec.visibilityTimeoutSeconds()),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(spec.retentionSeconds()),
                QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
    }

    /** Starts the server and creates the queues of {@code blueprint}. */
    public static LocalSqs start(Blueprint blueprint) {
        return new LocalSqs(blueprint);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the local SQS server", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public SqsClient client() {
        return client;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String deadLetterQueueUrl() {
        return dlqUrl;
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
