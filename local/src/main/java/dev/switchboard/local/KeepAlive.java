package dev.switchboard.local;

/**
 * The JVM's pool of idle HTTP connections, sized for the local API. The handlers' SDK clients use
 * {@link java.net.HttpURLConnection} (the SDK's {@code UrlConnectionHttpClient}), whose keep-alive cache holds at most
 * {@code http.maxConnections} idle connections per host, 5 by default
 * (https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/net/doc-files/net-properties.html). On Lambda an
 * instance runs one invocation at a time, so 5 is plenty; the local API runs every invocation in one JVM, so with more
 * than 5 in flight each returned connection past the fifth was closed and the next call opened a new one: 2,000
 * handshakes left about 1,200 closed connections to dynalite behind. One idle connection per invocation thread keeps
 * them open.
 */
final class KeepAlive {
    static final String PROPERTY = "http.maxConnections";

    private KeepAlive() {
    }

    /**
     * Lets {@code connections} idle connections per host stay open, unless the JVM was started with
     * {@code -Dhttp.maxConnections} (the JVM reads it once, at its first keep-alive connection).
     */
    static void atLeast(int connections) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(connections));
        }
    }
}
