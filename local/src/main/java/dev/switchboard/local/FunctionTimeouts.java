package dev.switchboard.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

/**
 * What Lambda does to an invocation that outlives its function's timeout, as far as in-process Java allows: the
 * caller stops waiting (the invocation is a function error, so API Gateway answers as for any Lambda error), Lambda's
 * {@code Task timed out after N.00 seconds} line is logged, the handler thread is interrupted, and from then on the
 * handler thread gets no network: its later HTTP requests through {@link java.net.HttpURLConnection} (what the AWS
 * SDK's {@code UrlConnectionHttpClient} uses, so PostToConnection and DynamoDB calls) are refused before they leave
 * the process, because on Lambda the sandbox would be stopped. Threads a handler started itself are not tracked.
 *
 * <p>The refusal works through the JVM-wide default {@link ProxySelector}: for a timed-out invocation's thread it
 * names a proxy that refuses connections; for every other thread it answers as the selector it replaced.
 */
final class FunctionTimeouts {
    /** The invocation running on this thread, if any. */
    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();
    private static final Proxy NOWHERE = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", 1));
    private static boolean installed;

    /** One invocation of one function; {@code timedOut} flips once, when the caller gives up on it. */
    static final class Invocation {
        final String function;
        final String requestId;
        volatile boolean timedOut;

        Invocation(String function, String requestId) {
            this.function = function;
            this.requestId = requestId;
        }
    }

    private FunctionTimeouts() {
    }

    /** Installs the proxy selector once per JVM (it delegates to the one it replaces). */
    static synchronized void install() {
        if (installed) {
            return;
        }
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                Invocation inv = CURRENT.get();
                if (inv != null && inv.timedOut) {
                    System.err.println("switchboard-local: " + inv.function + " invocation " + inv.requestId
                            + " timed out; its request to " + uri + " is refused (Lambda would have stopped it)");
                    return List.of(NOWHERE);
                }
                return previous != null ? previous.select(uri) : List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                if (previous != null && !NOWHERE.address().equals(sa)) {
                    previous.connectFailed(uri, sa, ioe);
                }
            }
        });
        installed = true;
    }

    /** Marks the calling (handler) thread as running {@code inv} until {@link #exit}. */
    static void enter(Invocation inv) {
        CURRENT.set(inv);
    }

    static void exit() {
        CURRENT.remove();
    }
}
