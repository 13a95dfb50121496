package dev.switchboard.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.Route;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A set of the blueprint's functions, each instantiated once through its {@code (Map<String, String>)} constructor
 * (the handler contract in docs/architecture.md) from a given class loader, and invoked in-process as a
 * {@link RequestStreamHandler}: the raw event JSON in, the raw response JSON out, as on Lambda. Immutable: a reload
 * builds a new set ({@link #with}) and {@link #close}s the old one's handlers that are {@link AutoCloseable}.
 */
final class Functions implements AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicInteger RUNNER_IDS = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, RequestStreamHandler> handlers;
    private final Map<String, FunctionSpec> specs = new LinkedHashMap<>();
    private final Blueprint blueprint;
    /** Handler threads (daemon, created as needed, idle ones end after 10 s). */
    private static final ExecutorService RUNNERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            LocalGateway.IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "switchboard-handler-" + RUNNER_IDS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private Functions(Blueprint blueprint, Map<String, RequestStreamHandler> handlers) {
        this.blueprint = blueprint;
        this.handlers = Map.copyOf(handlers);
        blueprint.functions().forEach(fn -> specs.put(fn.name(), fn));
        FunctionTimeouts.install();
    }

    /**
     * Builds the functions of {@code blueprint} that {@code which} selects, loading their classes through
     * {@code loader}.
     *
     * @param env the variables of one function: the blueprint's static ones plus the local endpoints
     * @throws IllegalStateException naming the route, the function and the class when a handler cannot be built
     */
    static Functions load(Blueprint blueprint, Predicate<FunctionSpec> which,
                          Function<FunctionSpec, Map<String, String>> env, ClassLoader loader) {
        Map<String, RequestStreamHandler> built = new LinkedHashMap<>();
        try {
            for (FunctionSpec fn : blueprint.functions()) {
                if (which.test(fn)) {
                    built.put(fn.name(), instantiate(blueprint, fn, env.apply(fn), loader));
                }
            }
        } catch (RuntimeException e) {
            closeAll(built.values());
            throw e;
        }
        return new Functions(blueprint, built);
    }

    /** The given handlers as functions of {@code blueprint} (stand-ins, tests). */
    static Functions of(Blueprint blueprint, Map<String, RequestStreamHandler> handlers) {
        return new Functions(blueprint, handlers);
    }

    /** These functions with {@code replacement}'s in place of the ones of the same name. */
    Functions with(Functions replacement) {
        Map<String, RequestStreamHandler> merged = new LinkedHashMap<>(handlers);
        merged.putAll(replacement.handlers);
        return new Functions(blueprint, merged);
    }

    /** Closes every handler that is {@link AutoCloseable} (its SDK clients); the set is not used afterwards. */
    @Override
    public void close() {
        closeAll(handlers.values());
    }

    private static void closeAll(Collection<RequestStreamHandler> hs) {
        for (RequestStreamHandler h : hs) {
            if (h instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("switchboard-local: closing " + h.getClass().getName() + ": " + e);
                }
            }
        }
    }

    private static RequestStreamHandler instantiate(Blueprint blueprint, FunctionSpec fn, Map<String, String> env,
                                                    ClassLoader loader) {
        String where = routesOf(blueprint, fn) + "function '" + fn.name() + "', handler class " + fn.handler();
        if (fn.handler().contains("::")) {
            throw new IllegalStateException(where + ": the local API invokes RequestStreamHandler classes; drop the"
                    + " ::method part and implement RequestStreamHandler");
        }
        try {
            Class<?> type = Class.forName(fn.handler(), true, loader);
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException(where + " does not implement " + RequestStreamHandler.class.getName());
            }
            Constructor<?> ctor = type.getConstructor(Map.class);
            return (RequestStreamHandler) ctor.newInstance(env);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(where + ": class not found; check the class name in the route's"
                    + " \"handler\" and that the class is in the project's sources or on its class path", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(where + ": needs a public constructor taking Map<String, String>"
                    + " (docs/architecture.md, the handler contract)", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(where + " failed to initialise: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(where + " cannot be instantiated: " + e, e);
        }
    }

    /** {@code route 'typing': } for the routes integrated with {@code fn} (none for the authorizer). */
    private static String routesOf(Blueprint blueprint, FunctionSpec fn) {
        StringBuilder b = new StringBuilder();
        for (Route r : blueprint.routesOf(fn.name())) {
            b.append("route '").append(r.routeKey()).append("': ");
        }
        return b.toString();
    }

    /**
     * Invokes the function on a handler thread and waits at most its timeout, returning its raw output; whatever the
     * handler throws propagates. Past the timeout it does what Lambda does ({@link FunctionTimeouts}): logs
     * {@code <time> <requestId> Task timed out after N.00 seconds}, interrupts the handler thread, cuts its network and
     * throws {@link TimedOut}, a function error like any other for the caller. Each invocation is reported to
     * {@link ReadableLog}.
     */
    byte[] invoke(String fnName, byte[] event, String requestId) throws IOException {
        long start = System.nanoTime();
        try {
            byte[] out = invokeNow(fnName, event, requestId);
            ReadableLog.invoked(fnName, event, out, null, System.nanoTime() - start);
            return out;
        } catch (IOException | RuntimeException | Error e) {
            ReadableLog.invoked(fnName, event, null, e, System.nanoTime() - start);
            throw e;
        }
    }

    private byte[] invokeNow(String fnName, byte[] event, String requestId) throws IOException {
        RequestStreamHandler h = handlers.get(fnName);
        if (h == null) {
            throw new IllegalStateException("no function '" + fnName + "'");
        }
        FunctionSpec spec = specs.get(fnName);
        FunctionTimeouts.Invocation inv = new FunctionTimeouts.Invocation(blueprint.functionName(spec), requestId);
        LocalContext context = new LocalContext(blueprint, spec, requestId);
        Future<byte[]> run = RUNNERS.submit(() -> {
            FunctionTimeouts.enter(inv);
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream(256);
                h.handleRequest(new ByteArrayInputStream(event), out, context);
                return out.toByteArray();
            } finally {
                FunctionTimeouts.exit();
            }
        });
        try {
            return run.get(spec.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            inv.timedOut = true;
            run.cancel(true);
            System.out.println(java.time.Instant.now() + " " + requestId + " Task timed out after "
                    + spec.timeoutSeconds() + ".00 seconds");
            throw new TimedOut(inv.function, spec.timeoutSeconds());
        } catch (InterruptedException e) {
            run.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + fnName, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException rt) {
                throw rt;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** An invocation that outlived its function's timeout (Lambda reports it as a function error). */
    static final class TimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimedOut(String function, int seconds) {
            super(function + ": Task timed out after " + seconds + ".00 seconds");
        }
    }

    /** The Lambda context handed to handlers: request id, function name and ARN, memory and remaining time. */
    private static final class LocalContext implements Context {
        private final Blueprint blueprint;
        private final FunctionSpec fn;
        private final String requestId;
        private final long deadline;

        LocalContext(Blueprint blueprint, FunctionSpec fn, String requestId) {
            this.blueprint = blueprint;
            this.fn = fn;
            this.requestId = requestId;
            this.deadline = System.currentTimeMillis() + fn.timeoutSeconds() * 1000L;
        }

        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/" + getFunctionName(); }
        @Override public String getLogStreamName() { return "local"; }
        @Override public String getFunctionName() { return blueprint.functionName(fn); }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() {
            return "arn:aws:lambda:" + blueprint.environment().primaryRegion() + ":000000000000:function:"
                    + getFunctionName() + ":" + Blueprint.LIVE_ALIAS;
        }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadline - System.currentTimeMillis()); }
        @Override public int getMemoryLimitInMB() { return fn.memoryMb(); }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.println(message); }
                @Override public void log(byte[] message) { System.out.println(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
