package dev.switchboard.local;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A bare RFC 6455 client over a socket, for frames a well-behaved client library refuses to send. */
final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawWebSocket(URI uri) throws IOException {
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(20_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        String req = "GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                + uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(req.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readHeaders(in);
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + status);
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during handshake: " + sb);
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    /** Sends one masked frame; {@code firstByte} carries FIN, RSV and the opcode. */
    void frame(int firstByte, byte[] payload) throws IOException {
        java.io.ByteArrayOutputStream f = new java.io.ByteArrayOutputStream(payload.length + 14);
        f.write(firstByte);
        int len = payload.length;
        if (len < 126) {
            f.write(0x80 | len);
        } else if (len < 65536) {
            f.write(0x80 | 126);
            f.write(len >>> 8);
            f.write(len);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) len >>> (8 * i)));
            }
        }
        byte[] mask = {1, 2, 3, 4};
        f.write(mask);
        for (int i = 0; i < len; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        try {
            out.write(f.toByteArray());
            out.flush();
        } catch (java.net.SocketException e) {
            // the server may close before it read everything; the close frame is still readable
        }
    }

    /** One frame as it came over the wire: FIN, opcode and the payload's length. */
    record WireFrame(boolean fin, int opcode, byte[] payload) {
    }

    /** Reads the frames of the next data message (skipping control frames other than close). */
    java.util.List<WireFrame> readMessage() throws IOException {
        java.util.List<WireFrame> frames = new java.util.ArrayList<>();
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            int opcode = b0 & 0x0f;
            if (opcode == 0x8) {
                throw new IOException("closed: " + (payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005));
            }
            if (opcode >= 0x8) {
                continue;
            }
            frames.add(new WireFrame((b0 & 0x80) != 0, opcode, payload));
            if ((b0 & 0x80) != 0) {
                return frames;
            }
        }
    }

    /** Reads frames until a close frame arrives and returns its status code (1006 if the socket just ends). */
    int awaitCloseCode() throws IOException {
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return 1006;
            }
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            if ((b0 & 0x0f) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
