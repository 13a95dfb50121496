package dev.switchboard.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * Sends the handlers' HTTP requests through a {@link FaultProxy}: a JVM-wide {@link ProxySelector} that names the
 * proxy for every request to the services the proxy stands in for, and answers every other request as the selector it
 * replaced. The AWS SDK's URL-connection HTTP client, which the handlers use, asks the default selector for every
 * connection, so neither the handlers nor the local API change. A run's checks read the table after the plan is set
 * to no faults.
 *
 * <p>Install it before the local API starts: the local API's own selector (the function-timeout guard) then wraps
 * this one, and a timed-out invocation's requests are still refused first.
 */
public final class FaultRouting {
    private static volatile FaultProxy active;
    private static boolean installed;

    private FaultRouting() {
    }

    /** Routes through {@code proxy} from now on (installs the selector on first use). */
    public static synchronized void route(FaultProxy proxy) {
        active = proxy;
        if (installed) {
            return;
        }
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                FaultProxy p = active;
                if (p != null && p.target(uri) != null) {
                    InetSocketAddress a = p.address();
                    return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(a.getAddress(), a.getPort())));
                }
                return previous != null ? previous.select(uri) : List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                if (previous != null) {
                    previous.connectFailed(uri, sa, ioe);
                }
            }
        });
        installed = true;
    }

    /** Stops routing (the selector stays, answering as the one it replaced). */
    public static void clear() {
        active = null;
    }
}
