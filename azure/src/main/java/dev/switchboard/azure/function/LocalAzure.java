package dev.switchboard.azure.function;

import dev.switchboard.azure.webpubsub.HubSettings;
import dev.switchboard.azure.webpubsub.LocalWebPubSub;
import dev.switchboard.blueprint.EnvVars;
import dev.switchboard.azure.store.AzuriteProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The whole Azure stack on this machine, as one piece for the local runner and the tests: Azurite's Table service
 * ({@link AzuriteProcess}), the deployed function class behind {@link FunctionHost}, and the local Web PubSub
 * ({@link LocalWebPubSub}) with one hub whose event handler is that function (every system event, every user event,
 * anonymous connect: the function authenticates on {@code connect}), with the chat page and its dev-token endpoint
 * mounted beside the client endpoint ({@link ChatPageRoutes}). The function's settings are the ones a deployment
 * gets ({@link AzureSettings}), pointing at these local services. {@link #close} stops all three, the service first
 * (its clients get their {@code disconnected} events while the function still runs).
 *
 * <p>Defaults: the hub {@value AzureSettings#DEFAULT_HUB}; the blueprint's limits unless {@code extraSettings} names
 * others (e.g. {@code RATE_BURST}).
 */
public final class LocalAzure implements AutoCloseable {
    private final AzuriteProcess azurite;
    private final FunctionHost host;
    private final LocalWebPubSub service;
    private final String hub;

    private LocalAzure(AzuriteProcess azurite, FunctionHost host, LocalWebPubSub service, String hub) {
        this.azurite = azurite;
        this.host = host;
        this.service = service;
        this.hub = hub;
    }

    /**
     * Starts the stack.
     *
     * @param port          the Web PubSub port, 0 for any free one
     * @param hub           the hub clients connect to
     * @param jwtSecret     the HS256 secret tokens are checked with (at least 32 bytes)
     * @param issuer        the tokens' {@code iss}
     * @param audience      the tokens' {@code aud}
     * @param extraSettings further app settings for the function (limits), may be empty
     * @param log           where the function and the service log
     */
    public static LocalAzure start(int port, String hub, String jwtSecret, String issuer, String audience,
                                   Map<String, String> extraSettings, Logger log) {
        AzuriteProcess azurite = AzuriteProcess.start();
        FunctionHost host = null;
        try {
            AtomicReference<LocalWebPubSub> started = new AtomicReference<>();
            host = FunctionHost.start(0, () -> {
                LocalWebPubSub s = started.get();
                Map<String, String> env = new HashMap<>(extraSettings);
                env.put(AzureSettings.CONNECTION_STRING, s.connectionString());
                env.put(AzureSettings.SECONDARY_KEY, s.keys().secondary());
                env.put(AzureSettings.HUB, hub);
                env.put(AzureSettings.TABLES_CONNECTION_STRING, azurite.connectionString());
                env.put(EnvVars.JWT_SECRET, jwtSecret);
                env.put(EnvVars.JWT_ISSUER, issuer);
                env.put(EnvVars.JWT_AUDIENCE, audience);
                return EventHandler.create(AzureSettings.fromEnv(env), log);
            }, log);
            LocalWebPubSub service = LocalWebPubSub.start(LocalWebPubSub.Options.of(new HubSettings(hub,
                    host.eventsUrl(), "*", Set.of("connect", "connected", "disconnected"), true)).withPort(port)
                    .withLog(log::info).withRoutes(new ChatPageRoutes(hub, jwtSecret, issuer, audience)));
            started.set(service);
            warmUp(host);
            return new LocalAzure(azurite, host, service, hub);
        } catch (RuntimeException e) {
            if (host != null) {
                host.close();
            }
            azurite.close();
            throw e;
        }
    }

    /** The first request builds the function's clients (a function instance's cold start); take it before clients. */
    private static void warmUp(FunctionHost host) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(host.eventsUrl()))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalStateException("the function host did not answer on " + host.eventsUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the function", e);
        }
    }

    /** The hub's client URL, {@code ws://127.0.0.1:<port>/client/hubs/<hub>} (add {@code ?token=} or a bearer offer). */
    public String clientUrl() {
        return service.clientUrl(hub);
    }

    /** The chat page, {@code http://127.0.0.1:<port>/}: the same origin as {@link #clientUrl()}. */
    public String pageUrl() {
        return service.endpoint() + "/";
    }

    /** The local Web PubSub's connection string (for a server SDK). */
    public String connectionString() {
        return service.connectionString();
    }

    /** The function's URL, {@code http://127.0.0.1:<port>/api/events}. */
    public String eventsUrl() {
        return host.eventsUrl();
    }

    /** The Table service's connection string. */
    public String tablesConnectionString() {
        return azurite.connectionString();
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            try {
                host.close();
            } finally {
                azurite.close();
            }
        }
    }
}
