package dev.switchboard.local;

import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.CustomRoute;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Live reload of a project's own routes, in Quarkus dev mode's shape: a {@link SourceWatcher} over the project's
 * sources, an in-process {@link SourceCompiler}, and a swap to a fresh class loader per reload. {@link #sync} runs on
 * every request (and every 500 ms in the background, so that a compile error shows when the file is saved): when a
 * source changed it compiles the project into a new folder, builds the routes' handlers through a new
 * {@link URLClassLoader} whose parent is the gateway's own loader (so Switchboard's handler API is one class for the
 * bundled and the project's handlers), and hands the new functions to the gateway. Only what belongs to the user's
 * code is replaced: the connections, the table and the bundled routes stay.
 *
 * <p>When the project does not compile, or a handler cannot be built, the last failure is kept as state: the message
 * is printed once, the project's routes are served by {@link CompileFailedHandler} (INTERNAL, the message in the log)
 * until a later save compiles. A replaced generation's handlers and class loader are closed once every invocation
 * that started on them has ended (after the longest function timeout of the project's routes).
 */
final class LiveReload implements AutoCloseable {
    /** How often the background check runs. */
    static final long CHECK_MILLIS = 500;

    private final DevProject project;
    private final Blueprint blueprint;
    private final Predicate<FunctionSpec> owned;
    private final Function<FunctionSpec, Map<String, String>> env;
    private final Consumer<Functions> swap;
    private final SourceWatcher watcher;
    private final SourceCompiler compiler = new SourceCompiler();
    private final ScheduledExecutorService timer;
    private final long retireAfterSeconds;
    private final List<Generation> retired = new ArrayList<>();
    private Generation current;
    private int generations;
    private volatile String failure;
    private boolean closed;

    /** One reload's output: its class loader (null for stand-ins), its functions and its classes folder. */
    private record Generation(URLClassLoader loader, Functions functions, Path classes) {
        void close(boolean withFunctions) {
            if (withFunctions) {
                functions.close();
            }
            if (loader != null) {
                try {
                    loader.close();
                } catch (IOException e) {
                    System.err.println("switchboard-local: closing a replaced class loader: " + e);
                }
            }
            if (classes != null) {
                deleteTree(classes);
            }
        }
    }

    private LiveReload(DevProject project, Blueprint blueprint, Function<FunctionSpec, Map<String, String>> env,
                       Consumer<Functions> swap) {
        this.project = project;
        this.blueprint = blueprint;
        Set<String> names = ownFunctions(blueprint);
        this.owned = fn -> names.contains(fn.name());
        this.env = env;
        this.swap = swap;
        List<Path> roots = new ArrayList<>(project.sourceDirs());
        roots.addAll(project.resourceDirs());
        this.watcher = new SourceWatcher(roots);
        this.retireAfterSeconds = blueprint.functions().stream().filter(owned)
                .mapToLong(FunctionSpec::timeoutSeconds).max().orElse(0) + 1;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /** The functions of the blueprint's custom routes: the project's own, the ones that reload. */
    static Set<String> ownFunctions(Blueprint blueprint) {
        return blueprint.environment().customRoutes().stream().map(CustomRoute::functionName)
                .collect(Collectors.toSet());
    }

    /**
     * Compiles the project, hands its functions to {@code swap} and starts the background check. A compile error
     * does not stop the start (the routes answer INTERNAL until it is fixed).
     *
     * @throws IllegalStateException naming the route and the class when the project compiles but a route's handler
     *                               cannot be built (a class that does not exist, a missing constructor)
     */
    static LiveReload start(DevProject project, Blueprint blueprint, Function<FunctionSpec, Map<String, String>> env,
                            Consumer<Functions> swap) {
        LiveReload r = new LiveReload(project, blueprint, env, swap);
        deleteTree(project.workDir());
        synchronized (r) {
            r.watcher.changed();
            String problem = r.reload();
            if (problem != null && r.current == null) {
                r.close();
                throw new IllegalStateException(problem);
            }
        }
        r.timer.scheduleWithFixedDelay(r::syncInBackground, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        return r;
    }

    /** Compiles and swaps in the project when a source changed since the last check; otherwise returns at once. */
    synchronized void sync() {
        if (closed || !watcher.changed()) {
            return;
        }
        reload();
    }

    /** The last reload's failure (the compiler's errors, or why a handler cannot be built), or null. */
    String failure() {
        return failure;
    }

    private void syncInBackground() {
        try {
            sync();
        } catch (RuntimeException e) {
            System.err.println("switchboard-local: live reload failed: " + e);
        }
    }

    /**
     * One reload. Returns null when it succeeded; on the first reload, a handler that cannot be built is returned as
     * the problem (start fails); later, every failure becomes the stand-ins.
     */
    private String reload() {
        long t0 = System.nanoTime();
        int n = ++generations;
        Path classes = project.workDir().resolve("classes-" + n);
        List<Path> sources = SourceWatcher.javaFiles(project.sourceDirs());
        SourceCompiler.Result compiled;
        try {
            compiled = compiler.compile(sources, project.classpath(), classes);
        } catch (RuntimeException e) {
            compiled = new SourceCompiler.Result(false, e.toString());
        }
        if (!compiled.ok()) {
            deleteTree(classes);
            fail("the project does not compile:\n" + compiled.errors());
            return null;
        }
        URLClassLoader loader = new URLClassLoader("switchboard-project-" + n, urls(classes),
                LiveReload.class.getClassLoader());
        Functions functions;
        try {
            functions = Functions.load(blueprint, owned, env, loader);
        } catch (RuntimeException e) {
            new Generation(loader, null, classes).close(false);
            if (current == null) {
                return e.getMessage();
            }
            fail(e.getMessage());
            return null;
        }
        install(new Generation(loader, functions, classes));
        boolean healed = failure != null;
        failure = null;
        System.err.println("switchboard-local: " + (n == 1 ? "compiled " : healed ? "fixed, reloaded " : "reloaded ")
                + sources.size() + " source file" + (sources.size() == 1 ? "" : "s") + " of " + project.dir()
                + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return null;
    }

    private void fail(String message) {
        failure = message;
        System.err.println("switchboard-local: routes " + routeKeys() + " answer INTERNAL until this is fixed: "
                + message);
        Map<String, com.amazonaws.services.lambda.runtime.RequestStreamHandler> standIns = new LinkedHashMap<>();
        for (FunctionSpec fn : blueprint.functions()) {
            if (owned.test(fn)) {
                boolean oneWay = blueprint.routesOf(fn.name()).stream().noneMatch(Route::twoWay);
                standIns.put(fn.name(), new CompileFailedHandler(env.apply(fn), oneWay, message));
            }
        }
        install(new Generation(null, Functions.of(blueprint, standIns), null));
    }

    private List<String> routeKeys() {
        return blueprint.routes().stream().filter(r -> ownFunctions(blueprint).contains(r.function()))
                .map(Route::routeKey).toList();
    }

    private void install(Generation next) {
        swap.accept(next.functions());
        Generation old = current;
        current = next;
        if (old != null) {
            retired.add(old);
            timer.schedule(() -> retire(old), retireAfterSeconds, TimeUnit.SECONDS);
        }
    }

    private synchronized void retire(Generation g) {
        if (retired.remove(g)) {
            g.close(true);
        }
    }

    private URL[] urls(Path classes) {
        List<Path> paths = new ArrayList<>();
        paths.add(classes);
        paths.addAll(project.resourceDirs());
        paths.addAll(project.classpath());
        URL[] urls = new URL[paths.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = paths.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("class path entry " + paths.get(i) + ": " + e.getMessage(), e);
            }
        }
        return urls;
    }

    /**
     * Stops the background check and closes the replaced generations and the current class loader (the gateway
     * closes the current functions with its deployment).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        compiler.close();
        retired.forEach(g -> g.close(true));
        retired.clear();
        if (current != null) {
            current.close(false);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("switchboard-local: cannot delete " + dir + ": " + e);
        }
    }
}
