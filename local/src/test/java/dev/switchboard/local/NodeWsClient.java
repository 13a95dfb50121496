package dev.switchboard.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.devkit.DynaliteProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Node {@code ws} library (what wscat is built on, from the root {@code node_modules}) as a test client, in a
 * child process: {@code new WebSocket(url, {perMessageDeflate})} with ws's defaults otherwise. It prints one JSON line
 * per event ({@code open} with the negotiated extensions, {@code message} with the UTF-8 length and SHA-256 of the
 * text, {@code close} with code and reason, {@code refused} with the HTTP status) and reads commands on stdin
 * ({@code send} one message, {@code fragments}: one message sent as several frames with {@code fin: false}).
 */
final class NodeWsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = String.join("\n",
            "const [wsPath, url, deflate] = process.argv.slice(1);",
            "const WebSocket = require(wsPath);",
            "const crypto = require('crypto');",
            "const readline = require('readline');",
            "const out = o => process.stdout.write(JSON.stringify(o) + '\\n');",
            "const ws = new WebSocket(url, { perMessageDeflate: deflate === 'true' });",
            "ws.on('open', () => out({ event: 'open', extensions: ws.extensions }));",
            "ws.on('message', (data) => {",
            "  const b = Buffer.isBuffer(data) ? data : Buffer.concat(data);",
            "  out({ event: 'message', length: b.length, sha256: crypto.createHash('sha256').update(b).digest('hex'),",
            "        head: b.subarray(0, 300).toString() });",
            "});",
            "ws.on('close', (code, reason) => { out({ event: 'close', code, reason: reason.toString() }); process.exit(0); });",
            "ws.on('error', e => out({ event: 'error', message: e.message }));",
            "ws.on('unexpected-response', (req, res) => { out({ event: 'refused', status: res.statusCode }); process.exit(0); });",
            "const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });",
            "rl.on('line', line => {",
            "  const c = JSON.parse(line);",
            "  if (c.op === 'send') ws.send(c.data);",
            "  else if (c.op === 'fragments') c.parts.forEach((p, i) => ws.send(p, { fin: i === c.parts.length - 1 }));",
            "  else if (c.op === 'close') ws.close(1000, 'bye');",
            "});",
            "rl.on('close', () => process.exit(0));");

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    private NodeWsClient(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    try {
                        events.add(JSON.readTree(line));
                    } catch (IOException notJson) {
                        events.add(JSON.createObjectNode().put("event", "output").put("line", line));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            events.add(JSON.createObjectNode().put("event", "exit"));
        }, "node-ws-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a {@code ws} client for {@code url}; {@code deflate} is ws's {@code perMessageDeflate} option. */
    static NodeWsClient connect(URI url, boolean deflate) {
        String ws = DynaliteProcess.projectRoot().resolve("node_modules").resolve("ws").toString();
        try {
            Process p = new ProcessBuilder("node", "-e", SCRIPT, ws, url.toString(), Boolean.toString(deflate))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new NodeWsClient(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the open event and returns it ({@code extensions}: what the server accepted). */
    JsonNode awaitOpen() {
        return await("open");
    }

    /** The next event of type {@code type}, failing on close, refusal or exit first. */
    JsonNode await(String type) {
        while (true) {
            JsonNode e;
            try {
                e = events.poll(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
            if (e == null) {
                throw new AssertionError("no " + type + " event from the ws client within " + WsClient.WAIT.toSeconds() + " s");
            }
            String t = e.path("event").asText();
            if (t.equals(type)) {
                return e;
            }
            if (t.equals("close") || t.equals("refused") || t.equals("exit")) {
                throw new AssertionError("expected " + type + ", the ws client got " + e);
            }
        }
    }

    /** Waits for the close event (skipping messages) and returns it. */
    JsonNode awaitClose() {
        while (true) {
            JsonNode e;
            try {
                e = events.poll(WsClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
            if (e == null) {
                throw new AssertionError("the ws client saw no close within " + WsClient.WAIT.toSeconds() + " s");
            }
            if (e.path("event").asText().equals("close")) {
                return e;
            }
            if (e.path("event").asText().equals("exit")) {
                throw new AssertionError("the ws client exited without a close event");
            }
        }
    }

    void send(String text) {
        command(JSON.createObjectNode().put("op", "send").put("data", text));
    }

    /** Sends one message as {@code parts.size()} frames. */
    void sendFragments(List<String> parts) {
        ObjectNode c = JSON.createObjectNode().put("op", "fragments");
        parts.forEach(c.putArray("parts")::add);
        command(c);
    }

    private void command(ObjectNode c) {
        try {
            stdin.write((c.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the ws client is gone", e);
        }
    }

    @Override
    public void close() {
        try {
            command(JSON.createObjectNode().put("op", "close"));
            stdin.close();
        } catch (IOException | UncheckedIOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
