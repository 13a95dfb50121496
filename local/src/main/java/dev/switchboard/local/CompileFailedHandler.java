package dev.switchboard.local;

import dev.switchboard.lambdas.api.RouteHandler;
import dev.switchboard.lambdas.api.RouteResponse;
import dev.switchboard.lambdas.api.WebSocketRequest;
import java.util.Map;

/**
 * Stands in for a project route's handler while the project does not compile (or its handler cannot be built): every
 * invocation fails, so {@link RouteHandler} logs the failure with the compiler's message and answers the sender
 * INTERNAL (posted to the connection on a one-way route), as the real handler would answer an unexpected error. The
 * server and the other routes keep running; the next successful reload replaces it.
 */
final class CompileFailedHandler extends RouteHandler {
    private final String failure;
    private final boolean oneWay;

    CompileFailedHandler(Map<String, String> env, boolean oneWay, String failure) {
        super(env);
        this.oneWay = oneWay;
        this.failure = failure;
    }

    @Override
    protected RouteResponse handle(WebSocketRequest request) {
        throw new IllegalStateException("no handler for this route until the project is fixed: " + failure);
    }

    @Override
    protected boolean repliesByPost() {
        return oneWay;
    }
}
