package dev.switchboard.azure.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The Azure Function that Web PubSub calls: an HTTP trigger at {@code /api/events} (Azure Functions has no Web PubSub
 * trigger for Java, so the function speaks the CloudEvents contract itself, {@link EventHandler}). Anonymous at the
 * Functions level: every event is authenticated by its {@code ce-signature} instead, and the hub's event handler URL
 * needs no function key.
 *
 * <p>The Java worker creates the class with its public no-argument constructor; the handler and its clients are built
 * once per function instance, from the app settings ({@link AzureSettings}), on the first request.
 */
public class SwitchboardEvents {
    /** The function's name, and its route under {@code /api}. */
    public static final String NAME = "events";
    private static volatile EventHandler shared;
    private final EventHandler handler;

    public SwitchboardEvents() {
        this(null);
    }

    SwitchboardEvents(EventHandler handler) {
        this.handler = handler;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.OPTIONS, HttpMethod.POST},
                    authLevel = AuthorizationLevel.ANONYMOUS, route = NAME, dataType = "binary")
            HttpRequestMessage<Optional<byte[]>> request,
            ExecutionContext context) {
        Reply reply = handler(context.getLogger()).handle(request.getHttpMethod().name(), request.getHeaders(),
                request.getBody().orElse(new byte[0]));
        HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatusType.custom(reply.status()));
        reply.headers().forEach(b::header);
        if (reply.body().length > 0) {
            b.body(reply.body());
        }
        return b.build();
    }

    private EventHandler handler(Logger log) {
        if (handler != null) {
            return handler;
        }
        EventHandler h = shared;
        if (h == null) {
            synchronized (SwitchboardEvents.class) {
                h = shared;
                if (h == null) {
                    h = EventHandler.create(AzureSettings.fromEnv(System.getenv()), log);
                    shared = h;
                }
            }
        }
        return h;
    }
}
