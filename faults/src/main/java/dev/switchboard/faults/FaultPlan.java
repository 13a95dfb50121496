package dev.switchboard.faults;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which faults {@link FaultProxy} injects and how often.
 *
 * @param rate  the share of the handlers' requests to DynamoDB and to the management API that get a fault, 0 to 1
 * @param kinds the faults drawn from, each equally likely
 * @param seed  the seed of the draws, so a run can be repeated
 * @param hold  how long a delaying fault holds its answer: longer than the clients' attempt timeouts (3 s)
 */
public record FaultPlan(double rate, Set<FaultKind> kinds, long seed, Duration hold) {
    /** Every kind, held 3.5 s. */
    public static final Set<FaultKind> ALL = EnumSet.allOf(FaultKind.class);

    public FaultPlan {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be between 0 and 1, got " + rate);
        }
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        if (rate > 0 && kinds.isEmpty()) {
            throw new IllegalArgumentException("a rate above 0 needs at least one fault kind");
        }
    }

    /** No faults. */
    public static FaultPlan none() {
        return new FaultPlan(0, Set.of(), 1, Duration.ofMillis(3500));
    }

    public static FaultPlan of(double rate, Set<FaultKind> kinds, long seed) {
        return new FaultPlan(rate, kinds, seed, Duration.ofMillis(3500));
    }

    /** The kinds that stand in for {@code target}, in declaration order. */
    List<FaultKind> kindsFor(FaultKind.Target target) {
        return kinds.stream().filter(k -> k.target() == target).sorted().toList();
    }
}
