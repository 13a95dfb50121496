package dev.switchboard.maven;

import dev.switchboard.blueprint.BlueprintException;
import dev.switchboard.local.DevProject;
import dev.switchboard.local.LocalConfig;
import dev.switchboard.local.LocalGateway;
import dev.switchboard.local.ReadyBanner;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code mvn switchboard:dev}: runs the local WebSocket API (dynalite and all, as {@code ./switchboard local} does)
 * with Switchboard's bundled routes plus the project's own routes from its {@code switchboard.json}, prints the ready
 * banner, and reloads the project's handlers when a source is saved (the next invocation runs the new code; open
 * connections and the table stay). Runs until Ctrl-C, which runs {@code $disconnect} for every open connection.
 *
 * <p>Run at the project's root (it holds switchboard.json), once for the whole build ({@code aggregator}): the live
 * sources are those of every module that depends on {@code switchboard-lambdas} (the handlers), compiled against
 * their runtime class path as Maven resolved it, the modules' own build output left out (the sources are compiled
 * live). No {@code mvn} is run from here.
 */
@Mojo(name = "dev", requiresDependencyResolution = ResolutionScope.RUNTIME, aggregator = true, threadSafe = true)
public class DevMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${reactorProjects}", readonly = true, required = true)
    private List<MavenProject> reactor;

    /** The port of the WebSocket API; 0 picks a free one. */
    @Parameter(property = "switchboard.port", defaultValue = "8080")
    private int port;

    /** The environment of switchboard.json to run. */
    @Parameter(property = "switchboard.env", defaultValue = "dev")
    private String environment;

    /** The folder whose node_modules holds dynalite (the project's own, after {@code npm install}). */
    @Parameter(property = "switchboard.root", defaultValue = "${project.basedir}")
    private File nodeRoot;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path dir = project.getBasedir().toPath();
        List<MavenProject> handlers = reactor.stream().filter(DevMojo::usesHandlerApi).toList();
        if (handlers.isEmpty()) {
            throw new MojoFailureException("no module of " + project.getArtifactId() + " depends on"
                    + " dev.switchboard:switchboard-lambdas: the handlers' module needs it (the archetype's handlers/)");
        }
        List<Path> sources = new ArrayList<>();
        List<Path> resources = new ArrayList<>();
        Set<Path> classpath = new LinkedHashSet<>();
        Set<Path> outputs = new HashSet<>();
        reactor.forEach(p -> outputs.add(Path.of(p.getBuild().getOutputDirectory())));
        for (MavenProject p : handlers) {
            sources.addAll(paths(p.getCompileSourceRoots()));
            resources.addAll(resourceDirs(p));
            classpath.addAll(classpath(p, outputs));
        }
        getLog().info("switchboard:dev: live sources " + sources);
        DevProject dev = new DevProject(dir, environment, sources, resources, List.copyOf(classpath),
                Path.of(project.getBuild().getDirectory(), "switchboard-dev"));
        LocalGateway gateway;
        LocalConfig config;
        try {
            config = LocalConfig.defaults().withPort(port).withProjectRoot(nodeRoot.toPath());
            gateway = LocalGateway.start(dev.blueprint(), config, dev);
        } catch (BlueprintException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "switchboard-stop"));
        System.out.print(ReadyBanner.of(gateway, config));
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gateway.close();
        }
    }

    private static boolean usesHandlerApi(MavenProject p) {
        return p.getArtifacts().stream().anyMatch(a -> a.getGroupId().equals("dev.switchboard")
                && a.getArtifactId().equals("switchboard-lambdas"));
    }

    private static List<Path> classpath(MavenProject project, Set<Path> outputs) throws MojoExecutionException {
        List<Path> cp = new ArrayList<>();
        try {
            for (String e : project.getRuntimeClasspathElements()) {
                Path p = Path.of(e);
                if (!outputs.contains(p)) {
                    cp.add(p);
                }
            }
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the project's dependencies are not resolved: " + e.getMessage(), e);
        }
        return cp;
    }

    private static List<Path> resourceDirs(MavenProject project) {
        List<Path> dirs = new ArrayList<>();
        for (Resource r : project.getResources()) {
            Path p = Path.of(r.getDirectory());
            if (Files.isDirectory(p)) {
                dirs.add(p);
            }
        }
        return dirs;
    }

    private static List<Path> paths(List<String> roots) {
        return roots.stream().map(Path::of).filter(Files::isDirectory).toList();
    }
}
