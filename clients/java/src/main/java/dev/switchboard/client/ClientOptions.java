package dev.switchboard.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * How a {@link SwitchboardClient} connects. Only {@code token} is required; the defaults are the JavaScript client's
 * (docs/clients.md): transport {@link Transport#AUTO}, request timeout 10 s, handshake timeout 10 s, a ping after 60 s
 * without a frame written (under Cloudflare's 100 s and API Gateway's 10-minute idle timeouts), 100 queued frames,
 * {@link ReconnectPolicy#DEFAULT}, a new {@link HttpClient}.
 *
 * @param token          a fresh JWT, called once per connection attempt (on the client's own thread: do not block long)
 * @param transport      how the token travels
 * @param requestTimeout how long a request waits for its answer; then TIMEOUT and a new socket
 * @param connectTimeout how long one handshake may take
 * @param pingInterval   a ping after this long without a frame written; {@link Duration#ZERO} turns it off
 * @param maxQueued      frames that may wait for a connection; one more fails with QUEUE_FULL
 * @param reconnect      the reconnect policy
 * @param http           the HTTP client the WebSockets are built from
 */
public record ClientOptions(Callable<String> token, Transport transport, Duration requestTimeout,
                            Duration connectTimeout, Duration pingInterval, int maxQueued, ReconnectPolicy reconnect,
                            HttpClient http) {
    public ClientOptions {
        Objects.requireNonNull(token, "token: a callable returning a JWT, called once per connection attempt");
        Objects.requireNonNull(transport, "transport: AUTO, HEADER or QUERY");
        Objects.requireNonNull(reconnect, "reconnect: a ReconnectPolicy (ReconnectPolicy.NEVER for none)");
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be at least 1 (got " + maxQueued + ")");
        }
        for (Duration d : new Duration[] {requestTimeout, connectTimeout, pingInterval}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("requestTimeout, connectTimeout and pingInterval must be >= 0");
            }
        }
        Objects.requireNonNull(http, "http");
    }

    /** The defaults, with {@code token}. */
    public static ClientOptions of(Callable<String> token) {
        return new ClientOptions(token, Transport.AUTO, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(60), 100, ReconnectPolicy.DEFAULT, HttpClient.newHttpClient());
    }

    public ClientOptions withTransport(Transport t) {
        return new ClientOptions(token, t, requestTimeout, connectTimeout, pingInterval, maxQueued, reconnect, http);
    }

    public ClientOptions withReconnect(ReconnectPolicy r) {
        return new ClientOptions(token, transport, requestTimeout, connectTimeout, pingInterval, maxQueued, r, http);
    }

    public ClientOptions withRequestTimeout(Duration d) {
        return new ClientOptions(token, transport, d, connectTimeout, pingInterval, maxQueued, reconnect, http);
    }

    public ClientOptions withPingInterval(Duration d) {
        return new ClientOptions(token, transport, requestTimeout, connectTimeout, d, maxQueued, reconnect, http);
    }

    public ClientOptions withMaxQueued(int n) {
        return new ClientOptions(token, transport, requestTimeout, connectTimeout, pingInterval, n, reconnect, http);
    }
}
