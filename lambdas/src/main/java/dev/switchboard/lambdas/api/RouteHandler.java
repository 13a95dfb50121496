package dev.switchboard.lambdas.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of every WebSocket route handler, the bundled ones and a user's own (docs/extending.md): reads the API Gateway
 * event, calls {@link #handle}, writes the proxy response. A {@link ProtocolException} becomes an error frame with its
 * code (status 200, so that the frame reaches the sender on two-way routes; the connection stays open); any other
 * exception is logged and answered INTERNAL (on {@code $connect}: status 500, which refuses the handshake). Each
 * invocation writes one structured log line and, when it counted any, one embedded-metric line.
 *
 * <p>A handler of a one-way route ({@link #repliesByPost()}: {@code send} and {@code whisper}) gets no route response
 * to the sender, so its reply (an ack, when asked for, or an error frame) is posted to the sender's connection through
 * the {@code @connections} API and the route result carries no body.
 *
 * <p>Subclasses keep the three constructors of the handler contract (docs/architecture.md): a public no-argument one
 * (reads {@code System.getenv()}), a public one taking the environment as a map, and a package-private or protected
 * one taking a {@link HandlerContext}.
 *
 * <p>{@link #close} releases the SDK clients the context built (the local API closes a handler it replaces on a live
 * reload; Lambda never closes one).
 */
public abstract class RouteHandler implements RequestStreamHandler, AutoCloseable {
    protected final HandlerContext ctx;

    protected RouteHandler(HandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.config().prime()) {
            prime();
        }
    }

    protected RouteHandler(Map<String, String> env) {
        this(HandlerContext.fromEnv(env));
    }

    /**
     * The priming hook (CRaC-free; on when {@code SWITCHBOARD_PRIME=true}): runs the request path's code once at
     * init on a synthetic event, without side effects: event parsing, a frame and a response written, a log line
     * formatted (and dropped), and, for functions with table access, one GetItem of a key that never exists. Under
     * SnapStart this moves class loading and JIT warm-up before the snapshot; lambdas/cold-init.sh measures it.
     */
    private void prime() {
        WebSocketRequest r = new WebSocketRequest(Json.parseOrNull("{\"requestContext\":{\"routeKey\":\"prime\","
                + "\"eventType\":\"MESSAGE\",\"connectionId\":\"prime\",\"requestId\":\"prime\","
                + "\"authorizer\":{\"userId\":\"prime\"}},\"body\":\"{\\\"action\\\":\\\"prime\\\"}\"}"));
        r.frame();
        Json.write(RouteResponse.reply(Frames.ack(r.messageId(), null, 0, 0, 0)).toJson());
        new Telemetry("prime", line -> { }, ctx.clock()).info(r, "primed", Map.of());
        if (ctx.config().tableName() != null) {
            try {
                ctx.repository().connection("prime");
            } catch (RuntimeException e) {
                ctx.telemetry().warn(null, "priming read failed", Map.of("errorType", e.getClass().getName()));
            }
        }
    }

    /** Handles one event; throw {@link ProtocolException} for a client error. */
    protected abstract RouteResponse handle(WebSocketRequest request);

    /**
     * Whether this handler serves a one-way route, so that its replies must be posted to the sender (default false:
     * the route has a route response and the body reaches the sender).
     */
    protected boolean repliesByPost() {
        return false;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        WebSocketRequest request = new WebSocketRequest(Json.read(input));
        if (context != null) {
            request.lambdaRequestId(context.getAwsRequestId());
            request.deadlineMillis(System.currentTimeMillis() + context.getRemainingTimeInMillis());
        }
        RouteResponse response = invoke(request);
        output.write(Json.bytes(response.toJson()));
    }

    /** Releases the clients of this handler's context; override to release your own too (call super). */
    @Override
    public void close() {
        ctx.close();
    }

    /** Handles {@code request} and maps failures to responses; the local API and tests may call it directly. */
    public RouteResponse invoke(WebSocketRequest request) {
        return InvocationDeadline.until(request.deadlineMillis(), () -> invokeUntilDeadline(request));
    }

    private RouteResponse invokeUntilDeadline(WebSocketRequest request) {
        long start = System.nanoTime();
        RouteResponse response;
        String outcome = "ok";
        boolean connect = "CONNECT".equals(request.eventType());
        try {
            response = handle(request);
        } catch (ProtocolException e) {
            outcome = e.code().name();
            response = new RouteResponse(connect ? 400 : 200, Json.write(Frames.error(e.code(), e.getMessage())));
        } catch (RuntimeException e) {
            outcome = ErrorCode.INTERNAL.name();
            ctx.telemetry().error(request, "handler failed", e);
            response = new RouteResponse(connect ? 500 : 200,
                    Json.write(Frames.error(ErrorCode.INTERNAL, "internal error; request id " + request.requestId())));
        }
        if (repliesByPost() && !connect && response.body() != null) {
            response = post(request, response);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("outcome", outcome);
        fields.put("statusCode", response.statusCode());
        fields.put("durationMs", (System.nanoTime() - start) / 1_000_000.0);
        ctx.telemetry().info(request, "handled", fields);
        ctx.telemetry().flushMetrics(request);
        return response;
    }

    /** Posts the body of {@code response} to the sender and answers the route with no body. */
    private RouteResponse post(WebSocketRequest request, RouteResponse response) {
        try {
            ManagementApi.Outcome o = Broadcaster.post(ctx.managementApi(), ctx.admission().sender(request),
                    response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (o != ManagementApi.Outcome.DELIVERED) {
                ctx.telemetry().warn(request, "reply not posted", Map.of("outcome", o.name()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.telemetry().warn(request, "reply not posted", Map.of("outcome", "INTERRUPTED"));
        } catch (RuntimeException e) {
            ctx.telemetry().error(request, "reply not posted", e);
        }
        return RouteResponse.ok();
    }
}
