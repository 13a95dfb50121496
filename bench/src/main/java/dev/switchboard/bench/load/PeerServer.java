package dev.switchboard.bench.load;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DevTokens;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * serverless-offline 13.10.1 on serverless 3.40.0 ({@code bench/peers}), running {@code bench/peers/handler.js}
 * over its own dynalite with the blueprint's connection table and its per-user connection cap. Installs {@code bench/peers/node_modules} with
 * {@code npm ci} on first use (its own lock file; the root's node_modules is not touched).
 */
final class PeerServer extends Server {
    private final DynaliteProcess dynalite;
    private final String url;

    private PeerServer(DynaliteProcess dynalite, String url) {
        this.dynalite = dynalite;
        this.url = url;
    }

    static PeerServer start(Path root) throws Exception {
        Path peers = root.resolve("bench/peers");
        if (!Files.isDirectory(peers.resolve("node_modules/serverless-offline"))) {
            // Never inherit this JVM's stdin: under surefire it is the fork's command pipe, and node switches an
            // inherited pipe to non-blocking mode, which breaks the fork ("std/in stream corrupted").
            Path log = Files.createTempFile("peers-npm-ci", ".log");
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(peers.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            npm.getOutputStream().close();
            if (npm.waitFor() != 0) {
                throw new IllegalStateException("npm ci in " + peers + " failed:\n" + Files.readString(log));
            }
        }
        DynaliteProcess dynalite = DynaliteProcess.start();
        Blueprint blueprint = Blueprint.reference(Environments.resolve("dev", Map.of()));
        String table;
        try (DynamoDbClient dynamo = LocalClients.dynamoDb(dynalite.endpoint())) {
            table = TableBootstrap.createTables(dynamo, blueprint).get(0);
        }
        int ws = freePort();
        PeerServer s = new PeerServer(dynalite, "ws://127.0.0.1:" + ws);
        ProcessBuilder pb = new ProcessBuilder("node", "node_modules/serverless/bin/serverless.js", "offline", "start")
                .directory(peers.toFile());
        Map<String, String> env = pb.environment();
        env.put("TABLE_NAME", table);
        env.put("DYNAMODB_ENDPOINT", dynalite.endpoint().toString());
        env.put("PEER_WS_PORT", Integer.toString(ws));
        env.put("PEER_HTTP_PORT", Integer.toString(freePort()));
        env.put("PEER_LAMBDA_PORT", Integer.toString(freePort()));
        env.put("JWT_SECRET", DevTokens.DEV_SECRET);
        env.put(EnvVars.MAX_CONNECTIONS_PER_USER, Integer.toString(blueprint.limits().maxConnectionsPerUser()));
        env.put("SLS_TELEMETRY_DISABLED", "1");
        env.put("SLS_NOTIFICATIONS_MODE", "off");
        env.put("SLS_DEPRECATION_DISABLE", "*");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_REGION", "us-east-1");
        try {
            s.launch(pb, line -> line.contains("ws://") || line.contains("[websocket]") ? line : null, 180);
        } catch (RuntimeException e) {
            dynalite.close();
            throw e;
        }
        return s;
    }

    @Override
    String name() {
        return "serverless-offline";
    }

    @Override
    String url() {
        return url;
    }

    @Override
    java.net.URI dynamoEndpoint() {
        return dynalite.endpoint();
    }

    @Override
    public void close() {
        super.close();
        dynalite.close();
    }
}
