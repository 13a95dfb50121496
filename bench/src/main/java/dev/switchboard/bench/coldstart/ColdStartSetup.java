package dev.switchboard.bench.coldstart;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.blueprint.Environments;
import dev.switchboard.blueprint.Route;
import dev.switchboard.devkit.DynaliteProcess;
import dev.switchboard.devkit.LocalClients;
import dev.switchboard.devkit.TableBootstrap;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every cold-start child runs against: one dynalite with the blueprint's connection table, the
 * {@code $connect} function's environment (as the CDK app sets it, pointed at dynalite), and the classpath of the
 * Java children: the shaded handler jar and a jar of this package's classes (jars only, because AppCDS archives
 * classes from jars only). Working files go to {@code bench/target/coldstart}.
 */
final class ColdStartSetup implements AutoCloseable {
    final Path root;
    final Path dir;
    final Path handlerJar;
    final String classpath;
    final DynaliteProcess dynalite;
    final DynamoDbClient dynamo;
    final Map<String, String> env;

    private ColdStartSetup(Path root, Path dir, Path handlerJar, String classpath, DynaliteProcess dynalite,
                           DynamoDbClient dynamo, Map<String, String> env) {
        this.root = root;
        this.dir = dir;
        this.handlerJar = handlerJar;
        this.classpath = classpath;
        this.dynalite = dynalite;
        this.dynamo = dynamo;
        this.env = env;
    }

    static ColdStartSetup start() throws Exception {
        Path root = DynaliteProcess.projectRoot();
        Path jar = root.resolve("lambdas/target/switchboard-lambdas.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it with mvn -DskipNpm -pl lambdas -am package");
        }
        Path dir = Files.createDirectories(root.resolve("bench/target/coldstart"));
        String cp = jar + File.pathSeparator + childJar(dir);
        Blueprint blueprint = Blueprint.reference(Environments.resolve("dev", Map.of()));
        DynaliteProcess dynalite = DynaliteProcess.start();
        DynamoDbClient dynamo = LocalClients.dynamoDb(dynalite.endpoint());
        try {
            String table = TableBootstrap.createTables(dynamo, blueprint).get(0);
            Map<String, String> env = new TreeMap<>(blueprint.staticEnvironment(
                    blueprint.function(blueprint.route(Route.CONNECT).function())));
            env.put(EnvVars.TABLE_NAME, table);
            env.put(EnvVars.DYNAMODB_ENDPOINT, dynalite.endpoint().toString());
            env.put(EnvVars.REGION, "us-east-1");
            env.put(EnvVars.CALLBACK_URL, "http://127.0.0.1:9/dev");
            return new ColdStartSetup(root, dir, jar, cp, dynalite, dynamo, env);
        } catch (RuntimeException e) {
            dynamo.close();
            dynalite.close();
            throw e;
        }
    }

    /** This package's classes and the recorded events, as {@code dir/child.jar}. */
    private static Path childJar(Path dir) throws Exception {
        Path classes = Path.of(FirstConnect.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(classes)) {
            return classes;
        }
        Path jar = dir.resolve("child.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (String sub : new String[] {"dev/switchboard/bench/coldstart", "events"}) {
                try (Stream<Path> files = Files.list(classes.resolve(sub))) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                        Files.copy(f, j);
                        j.closeEntry();
                    }
                }
            }
        }
        return jar;
    }

    @Override
    public void close() throws IOException {
        dynamo.close();
        dynalite.close();
    }
}
