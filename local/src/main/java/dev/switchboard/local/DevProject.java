package dev.switchboard.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.blueprint.ProjectConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A user's project whose own routes run live on the local API ({@code ./switchboard local --project DIR},
 * {@code mvn switchboard:dev}): where its configuration, sources and resources are, the class path its handlers
 * compile and run against, and the folder compiled classes go to.
 *
 * @param dir          the project folder; its {@value ProjectConfig#FILE} holds the routes and environments
 * @param environment  the environment of {@value ProjectConfig#FILE} to run, e.g. {@code dev}
 * @param sourceDirs   the Java source roots, watched and compiled
 * @param resourceDirs resource roots, on the handlers' class path as they are
 * @param classpath    jars and folders the sources compile against (Switchboard's handler API among them); the
 *                     project's own build output must not be on it (its classes would shadow the live ones)
 * @param workDir      where each reload's classes are written
 */
public record DevProject(Path dir, String environment, List<Path> sourceDirs, List<Path> resourceDirs,
                         List<Path> classpath, Path workDir) {
    public DevProject {
        dir = dir.toAbsolutePath().normalize();
        sourceDirs = List.copyOf(sourceDirs);
        resourceDirs = List.copyOf(resourceDirs);
        classpath = List.copyOf(classpath);
    }

    /**
     * A project folder in Maven's layout, compiled against this JVM's class path (which holds Switchboard's handler
     * API), environment {@code dev}. Its sources: {@code src/main/java} (and resources {@code src/main/resources}) of
     * the folder itself, or of each module folder whose pom.xml depends on {@code switchboard-lambdas} (the
     * archetype's {@code handlers/}).
     *
     * @throws IllegalArgumentException when {@code dir} is not a folder or has no such sources
     */
    public static DevProject folder(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(d)) {
            throw new IllegalArgumentException("--project " + dir + " is not a folder: give the project's folder"
                    + " (the one with " + ProjectConfig.FILE + " and src/main/java)");
        }
        List<Path> modules = handlerModules(d);
        if (modules.isEmpty()) {
            throw new IllegalArgumentException("--project " + dir + " has no src/main/java, nor a module with one"
                    + " whose pom.xml depends on switchboard-lambdas: the handlers' sources go there (Maven's layout;"
                    + " mvn archetype:generate with switchboard-archetype creates one)");
        }
        List<Path> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(Path.of(e));
            }
        }
        List<Path> sources = modules.stream().map(m -> m.resolve("src/main/java")).toList();
        List<Path> resources = modules.stream().map(m -> m.resolve("src/main/resources")).filter(Files::isDirectory).toList();
        return new DevProject(d, "dev", sources, resources, cp, d.resolve("target/switchboard-dev"));
    }

    private static List<Path> handlerModules(Path d) {
        if (Files.isDirectory(d.resolve("src/main/java"))) {
            return List.of(d);
        }
        try (Stream<Path> children = Files.list(d)) {
            return children.filter(m -> Files.isDirectory(m.resolve("src/main/java")) && dependsOnHandlerApi(m))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean dependsOnHandlerApi(Path module) {
        try {
            Path pom = module.resolve("pom.xml");
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>switchboard-lambdas</artifactId>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The blueprint of {@link #environment} from the project's {@value ProjectConfig#FILE}.
     *
     * @throws IllegalArgumentException when the file is missing or not JSON; a {@link BlueprintException} naming the
     *                                  field when a field is wrong
     */
    public Blueprint blueprint() {
        Path file = dir.resolve(ProjectConfig.FILE);
        Map<String, Object> root;
        try {
            root = Events.JSON.readValue(Files.readAllBytes(file), new TypeReference<Map<String, Object>>() { });
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no " + ProjectConfig.FILE + " in " + dir + ": create it with the"
                    + " project's routes, e.g. " + ProjectConfig.EXAMPLE);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not a JSON object: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "); it should read"
                    + " like " + ProjectConfig.EXAMPLE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return ProjectConfig.of(root).blueprint(environment);
    }
}
