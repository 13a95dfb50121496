package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.blueprint.Blueprint;
import dev.switchboard.blueprint.CustomRoute;
import dev.switchboard.blueprint.FunctionSpec;
import dev.switchboard.blueprint.TableAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A route whose function outlives its timeout (here 1 s; the handler sleeps 4 s, ignores the interrupt and then posts
 * to its own connection). On Lambda the invocation stops at the timeout with a function error, logged as
 * {@code Task timed out after N.00 seconds} (an AWS re:Post answer on timeouts: "a Task timed out error message
 * appears in the failed invocation's CloudWatch logs",
 * https://repost.aws/questions/QUqSBe4pqiQ86dYtOX0ydtEg/redshift-connection-error), and API Gateway answers a Lambda
 * error on a message route with its Internal server error frame, the connection staying open (a wscat capture:
 * https://github.com/aws-samples/simple-websockets-chat-app/issues/42). The 29 s integration timeout frame
 * ({@code Endpoint request timed out}) never applies: the blueprint caps function timeouts at 29 s, so the function's
 * own timeout always comes first.
 */
class FunctionTimeoutTest {
    private static Fixture f;

    @BeforeAll
    static void start() {
        Blueprint b = Fixture.referenceBlueprint()
                .withCustomRoute(new CustomRoute("slow", RecordingHandler.class.getName(), true, TableAccess.NONE, true));
        b = b.withFunctions(b.functions().stream().map(fn -> fn.name().equals("slow")
                ? new FunctionSpec(fn.name(), fn.handler(), fn.memoryMb(), 1, fn.architecture(), fn.tableAccess(),
                        fn.managementApi(), fn.jwtSecret(), Map.of("MODE", "sleep", "SLEEP_MS", "4000"))
                : fn).toList());
        f = new Fixture(b, LocalConfig.defaults());
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void routePastItsTimeout_answersInternalServerError_logsTaskTimedOut_interrupts_andDropsItsLatePost() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try (WsClient c = f.connect("sleepy")) {
            long t0 = System.nanoTime();
            String frame = c.ask("{\"action\":\"slow\"}");
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(frame).matches("\\{\"message\": \"Internal server error\", \"connectionId\":\"[A-Za-z0-9_-]{15}=\","
                    + " \"requestId\":\"[A-Za-z0-9_-]{15}=\"}");
            String requestId = new ObjectMapper().readTree(frame).path("requestId").asText();
            assertThat(waited).as("answered at the timeout, not when the handler returned").isLessThan(Duration.ofSeconds(4));
            Fixture.await(Duration.ofSeconds(10), () -> RecordingHandler.LATE_POSTS.containsKey(requestId), "the late post");
            assertThat(RecordingHandler.INTERRUPTED).contains(requestId);
            assertThat(RecordingHandler.LATE_POSTS.get(requestId)).startsWith("failed");
            assertThat(c.quietFor(Duration.ofMillis(500))).as("the late post never reaches the client").isTrue();
            assertThat(captured.toString(StandardCharsets.UTF_8)).contains(requestId + " Task timed out after 1.00 seconds");
            // the connection lives on
            assertThat(c.ask("{\"action\":\"ping\"}")).startsWith("{\"type\":\"pong\",\"connectionId\":\"");
        } finally {
            System.setOut(original);
        }
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
