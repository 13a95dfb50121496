package dev.switchboard.local;

import java.time.Duration;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.internal.PerMessageDeflateExtension;

/**
 * permessage-deflate (RFC 7692) with API Gateway's limits applied where a client would expect them: the 32 KB frame
 * limit to frames as they are on the wire (compressed), the 128 KB message limit to the inflated message. API Gateway
 * negotiates the extension (https://github.com/python-websockets/websockets/issues/1065 shows its 101 answering
 * {@code permessage-deflate;server_max_window_bits=12}).
 *
 * <p>Jetty's own extension inflates each frame into a buffer of at most {@code min(maxFrameSize, 8 KB)} and, with
 * auto-fragmentation off (which the gateway needs so that a wire frame over 32 KB closes with 1009), refuses any
 * frame that inflates beyond it: "1009 Inflated payload exceeded the decompress buffer size" for every compressed
 * message over about 8 KB. This extension lets the inflater (and the deflater) fragment, so inflated data reaches the
 * message sink in pieces and only the message limit applies. Registered under the same name, replacing Jetty's.
 * Public with a no-argument constructor because Jetty instantiates extensions reflectively.
 */
public final class GatewayDeflateExtension extends PerMessageDeflateExtension {
    private Configuration fragmenting;

    @Override
    protected Configuration getConfiguration() {
        Configuration session = super.getConfiguration();
        Configuration f = fragmenting;
        if (f == null || ((Fragmenting) f).session != session) {
            f = new Fragmenting(session);
            fragmenting = f;
        }
        return f;
    }

    /** The session's configuration, except that the extension may fragment what it inflates and deflates. */
    private static final class Fragmenting implements Configuration {
        private final Configuration session;

        Fragmenting(Configuration session) {
            this.session = session;
        }

        @Override public boolean isAutoFragment() { return true; }
        @Override public void setAutoFragment(boolean autoFragment) { session.setAutoFragment(autoFragment); }
        @Override public Duration getIdleTimeout() { return session.getIdleTimeout(); }
        @Override public void setIdleTimeout(Duration d) { session.setIdleTimeout(d); }
        @Override public long getMaxFrameSize() { return session.getMaxFrameSize(); }
        @Override public void setMaxFrameSize(long n) { session.setMaxFrameSize(n); }
        @Override public int getOutputBufferSize() { return session.getOutputBufferSize(); }
        @Override public void setOutputBufferSize(int n) { session.setOutputBufferSize(n); }
        @Override public int getInputBufferSize() { return session.getInputBufferSize(); }
        @Override public void setInputBufferSize(int n) { session.setInputBufferSize(n); }
        @Override public long getMaxBinaryMessageSize() { return session.getMaxBinaryMessageSize(); }
        @Override public void setMaxBinaryMessageSize(long n) { session.setMaxBinaryMessageSize(n); }
        @Override public long getMaxTextMessageSize() { return session.getMaxTextMessageSize(); }
        @Override public void setMaxTextMessageSize(long n) { session.setMaxTextMessageSize(n); }
        @Override public int getMaxOutgoingFrames() { return session.getMaxOutgoingFrames(); }
        @Override public void setMaxOutgoingFrames(int n) { session.setMaxOutgoingFrames(n); }
    }
}
