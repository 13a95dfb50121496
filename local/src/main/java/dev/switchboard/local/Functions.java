package dev.switchboard.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.FunctionSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The blueprint's functions, each instantiated once through its {@code (Map<String, String>)} constructor (the
 * handler contract in docs/architecture.md) and invoked in-process as a {@link RequestStreamHandler}: the raw event
 * JSON in, the raw response JSON out, as on Lambda.
 */
final class Functions {
    private final Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
    private final Map<String, FunctionSpec> specs = new LinkedHashMap<>();
    private final Blueprint blueprint;

    /**
     * @param env the variables of one function: the blueprint's static ones plus the local endpoints
     * @throws IllegalStateException naming the function and the class when a handler cannot be built
     */
    Functions(Blueprint blueprint, Function<FunctionSpec, Map<String, String>> env) {
        this.blueprint = blueprint;
        for (FunctionSpec fn : blueprint.functions()) {
            specs.put(fn.name(), fn);
            handlers.put(fn.name(), instantiate(fn, env.apply(fn)));
        }
    }

    private static RequestStreamHandler instantiate(FunctionSpec fn, Map<String, String> env) {
        String where = "function '" + fn.name() + "' (" + fn.handler() + ")";
        if (fn.handler().contains("::")) {
            throw new IllegalStateException(where + ": the local API invokes RequestStreamHandler classes; drop the"
                    + " ::method part and implement RequestStreamHandler");
        }
        try {
            Class<?> type = Class.forName(fn.handler());
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException(where + " does not implement " + RequestStreamHandler.class.getName());
            }
            Constructor<?> ctor = type.getConstructor(Map.class);
            return (RequestStreamHandler) ctor.newInstance(env);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(where + ": class not found on the classpath; add its jar to local/pom.xml", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(where + ": needs a public constructor taking Map<String, String>"
                    + " (docs/architecture.md, the handler contract)", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(where + " failed to initialise: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(where + " cannot be instantiated: " + e, e);
        }
    }

    /** Invokes the function, returning its raw output; whatever the handler throws propagates. */
    byte[] invoke(String fnName, byte[] event, String requestId) throws IOException {
        RequestStreamHandler h = handlers.get(fnName);
        if (h == null) {
            throw new IllegalStateException("no function '" + fnName + "'");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        h.handleRequest(new ByteArrayInputStream(event), out, new LocalContext(blueprint, specs.get(fnName), requestId));
        return out.toByteArray();
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
