package dev.switchboard.faults;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one fault run did and what it found. Each invariant's count is a number of violations (aim: zero), each with
 * up to a few examples for the log.
 *
 * @param rate        the fault rate of the plan
 * @param connections client connections the run opened (handshakes attempted)
 * @param operations  client operations attempted, by kind (handshake, join, send, whisper, members, leave, close)
 * @param requests    the handlers' requests the proxy saw, by target
 * @param injected    faults injected, by kind
 * @param outcomes    what clients saw, by reply type or error code ({@code no reply} when nothing came)
 * @param violations  violations per invariant
 * @param examples    a few examples per invariant with violations
 * @param observed    counts that are expected under faults and reported, not violations (e.g. memberships a
 *                    connection lost because the proxy answered 410 for it)
 */
public record Report(double rate, int connections, Map<String, Long> operations, Map<String, Long> requests,
                     Map<String, Long> injected, Map<String, Long> outcomes, Map<String, Long> violations,
                     Map<String, List<String>> examples, Map<String, Long> observed) {
    public static final String MEMBERSHIP_LOST = "membership lost for an open connection";
    public static final String RECORDS_LEFT = "records left for a closed connection after $disconnect and a sweep";
    public static final String DUPLICATES = "message delivered twice to one connection";
    public static final String UNDOCUMENTED = "client-visible failure not a documented error code";
    public static final String INTERNAL_WITHOUT_ID = "INTERNAL without a request id";
    public static final String ACK_MISMATCH = "ack's delivered count differs from what clients received";
    public static final String DEADLINE = "invocation outlived its function timeout";
    public static final String SKIPPED = "queued recipient skipped by the sharded fan-out (not gone, not dead-lettered)";
    public static final List<String> INVARIANTS = List.of(MEMBERSHIP_LOST, RECORDS_LEFT, DUPLICATES, UNDOCUMENTED,
            INTERNAL_WITHOUT_ID, ACK_MISMATCH, SKIPPED, DEADLINE);

    public Report {
        operations = Map.copyOf(operations);
        requests = Map.copyOf(requests);
        injected = Map.copyOf(injected);
        outcomes = Map.copyOf(outcomes);
        violations = Map.copyOf(violations);
        examples = Map.copyOf(examples);
        observed = Map.copyOf(observed);
    }

    public long violations(String invariant) {
        return violations.getOrDefault(invariant, 0L);
    }

    public long totalViolations() {
        return violations.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The report as lines for a log or BENCHMARKS.md. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "fault rate %.0f %%, %d connections%n", rate * 100, connections));
        sb.append("  operations attempted: ").append(new TreeMap<>(operations)).append('\n');
        sb.append("  handler requests through the proxy: ").append(new TreeMap<>(requests)).append('\n');
        sb.append("  faults injected: ").append(new TreeMap<>(injected)).append('\n');
        sb.append("  client outcomes: ").append(new TreeMap<>(outcomes)).append('\n');
        sb.append("  observed (not violations): ").append(new TreeMap<>(observed)).append('\n');
        for (String inv : INVARIANTS) {
            sb.append(String.format(Locale.ROOT, "  %-72s %d%n", inv, violations(inv)));
            for (String ex : examples.getOrDefault(inv, List.of())) {
                sb.append("      e.g. ").append(ex).append('\n');
            }
        }
        return sb.toString();
    }
}
