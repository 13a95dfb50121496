package dev.switchboard.probe.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.switchboard.blueprint.Blueprint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Base of the fault wrappers: each is a blueprint function's handler class (the handler contract's
 * {@code (Map<String, String>)} constructor) that delegates to the reference handler of the same name, built
 * through its own public constructor, and injects its fault only if its environment names it ({@link Fault#of}). No
 * protocol logic lives here: a fault is a changed environment, a skipped call or a rewritten code.
 */
abstract class Wrapped implements RequestStreamHandler {
    protected final Map<String, String> env;
    protected final RequestStreamHandler real;
    protected final Fault fault;

    protected Wrapped(Map<String, String> env, String referenceClass) {
        this.env = env;
        this.real = build(referenceClass, env);
        this.fault = Fault.of(env);
    }

    static RequestStreamHandler build(String simpleName, Map<String, String> env) {
        try {
            return (RequestStreamHandler) Class.forName(Blueprint.HANDLERS + simpleName).getConstructor(Map.class)
                    .newInstance(env);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + simpleName, e);
        }
    }

    static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> m = new HashMap<>(env);
        m.put(key, value);
        return m;
    }

    /** Runs {@code h} on the event, returning its raw output. */
    static byte[] invoke(RequestStreamHandler h, byte[] event, Context c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(event), out, c);
        return out.toByteArray();
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context c) throws IOException {
        out.write(handle(in.readAllBytes(), c));
    }

    protected abstract byte[] handle(byte[] event, Context c) throws IOException;
}
