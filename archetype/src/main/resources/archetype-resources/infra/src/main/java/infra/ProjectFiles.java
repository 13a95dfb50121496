package ${package}.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.ProjectConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where this project's files are, and its one configuration: switchboard.json (the routes and environments that the
 * CDK app, the Pulumi program and mvn switchboard:dev all read) and the handler jar (handlers/target/handlers.jar).
 */
public final class ProjectFiles {
    private final Path root;

    private ProjectFiles(Path root) {
        this.root = root;
    }

    /** The project folder: the working directory or the nearest folder above it with a switchboard.json. */
    public static ProjectFiles find() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(ProjectConfig.FILE))) {
                return new ProjectFiles(d);
            }
        }
        throw new BlueprintException(ProjectConfig.FILE, "not found above " + Path.of("").toAbsolutePath(),
                "run from the project folder");
    }

    /** The blueprint of environment {@code name}: Switchboard's reference system plus this project's routes. */
    public Blueprint blueprint(String name) {
        try {
            Map<String, Object> root = new ObjectMapper().readValue(
                    Files.readAllBytes(this.root.resolve(ProjectConfig.FILE)), new TypeReference<Map<String, Object>>() { });
            return ProjectConfig.of(root).blueprint(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root.resolve(ProjectConfig.FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The shaded jar with Switchboard's handlers and this project's; fails naming the build command when missing. */
    public Path handlerJar() {
        Path jar = root.resolve("handlers/target/handlers.jar");
        if (!Files.isRegularFile(jar)) {
            throw new BlueprintException("handlerJar", "no handler jar at " + jar, "build it: mvn -B package -DskipTests");
        }
        return jar;
    }
}
