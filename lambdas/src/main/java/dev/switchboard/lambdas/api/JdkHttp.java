package dev.switchboard.lambdas.api;

/**
 * The JDK's {@link java.net.HttpURLConnection}, which the AWS SDK's URL-connection HTTP client uses, sends a POST a
 * second time, silently, when reading its answer fails (property {@code sun.net.http.retryPost}, true by default):
 * after the SDK's attempt timeout, a PostToConnection that API Gateway did deliver is delivered again, and a DynamoDB
 * write is applied twice, behind the SDK's own retry policy (the behaviour described in
 * https://github.com/com-lihaoyi/requests-scala/issues/6; the fault suite, faults/, reproduced duplicate frames with
 * it). The property is read once, when the JDK's HTTP client class is first used, so it is set before any handler
 * builds a client: on Lambda nothing in the runtime uses {@code HttpURLConnection} first.
 */
public final class JdkHttp {
    private JdkHttp() {
    }

    /** Turns the JDK's silent re-send of POSTs off for this JVM (idempotent). */
    public static void noSilentPostRetry() {
        System.setProperty("sun.net.http.retryPost", "false");
    }
}
