package dev.switchboard.lambdas.bench;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * For {@code lambdas/cold-init.sh}: starts dynalite with the reference blueprint's tables, prints
 * {@code <endpoint> <table>} and keeps it running until its stdin closes.
 */
public final class DynaliteFixture {
    private DynaliteFixture() {
    }

    public static void main(String[] args) throws IOException {
        Blueprint b = Blueprint.reference(Environments.resolve("dev", Map.of()));
        try (DynaliteProcess d = DynaliteProcess.start(); DynamoDbClient c = LocalClients.dynamoDb(d.endpoint())) {
            String table = TableBootstrap.createTables(c, b).get(0);
            System.out.println(d.endpoint() + " " + table);
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for stdin to close
            }
        }
    }
}
