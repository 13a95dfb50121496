package dev.switchboard.bench.coldstart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side cold start: the shipped {@code ConnectHandler} in a fresh JVM with Lambda's flags
 * ({@link FirstConnect} without a room: one PutItem) beside the Node sample's {@code onconnect} in a fresh node
 * process ({@link NodePeer}: one PutItem), both against the same dynalite, run after run in turn (Java, [Java with
 * AppCDS,] Node), so that a change in the machine's load hits every side alike. For each side the medians of the wall
 * time (process start to the printed response), of the handler's init (constructor; module load) and of its first
 * invocation after init; the ratios are Java's medians over Node's.
 */
final class SideBySide {
    /** One side's medians in ms, and the wall time's range. */
    record Side(String name, double wallMs, double minMs, double maxMs, double initMs, double firstMs) {
        String format() {
            return String.format(Locale.ROOT, "%-52s wall median %7.1f ms (min %7.1f, max %7.1f)  init %6.1f ms,"
                    + " first invocation %6.1f ms", name, wallMs, minMs, maxMs, initMs, firstMs);
        }
    }

    /** All sides, Node last. */
    record Result(List<Side> sides) {
        Side node() {
            return sides.get(sides.size() - 1);
        }

        String summary() {
            StringBuilder sb = new StringBuilder("side by side, one PutItem each, alternating runs:")
                    .append(System.lineSeparator());
            sides.forEach(s -> sb.append(s.format()).append(System.lineSeparator()));
            for (Side s : sides.subList(0, sides.size() - 1)) {
                sb.append(String.format(Locale.ROOT, "ratio %s / Node: wall %.2fx, first invocation %.2fx%n",
                        s.name(), s.wallMs() / node().wallMs(), s.firstMs() / node().firstMs()));
            }
            return sb.toString();
        }
    }

    private SideBySide() {
    }

    /** {@code cdsFlags}: the AppCDS flags ({@link AppCds#train}), or empty for no AppCDS side. */
    static Result run(ColdStartSetup setup, NodePeer node, List<String> cdsFlags, int runs) throws Exception {
        List<String> names = new ArrayList<>(List.of("Java ConnectHandler, Lambda's JVM flags"));
        if (!cdsFlags.isEmpty()) {
            names.add("Java ConnectHandler, Lambda's JVM flags, AppCDS");
        }
        names.add("Node onconnect, @aws-sdk/client-dynamodb v3");
        double[][] wall = new double[names.size()][runs];
        double[][] init = new double[names.size()][runs];
        double[][] first = new double[names.size()][runs];
        for (int i = 0; i < runs; i++) {
            for (int side = 0; side < names.size(); side++) {
                String id = String.format("S%d%013d=", side, i);
                boolean isNode = side == names.size() - 1;
                Child.Sample s = isNode ? Child.run(names.get(side), node.command(id), node.env())
                        : Child.run(names.get(side), JavaChild.command(side == 0 ? JavaChild.LAMBDA_FLAGS
                                : JavaChild.flags(JavaChild.LAMBDA_FLAGS, cdsFlags), setup.classpath,
                                FirstConnect.class, id, ""), setup.env);
                wall[side][i] = s.wallMs();
                init[side][i] = s.field("initMs");
                first[side][i] = s.field("firstRequestMs");
            }
        }
        List<Side> sides = new ArrayList<>();
        for (int side = 0; side < names.size(); side++) {
            double[] sorted = wall[side].clone();
            Arrays.sort(sorted);
            sides.add(new Side(names.get(side), Child.median(wall[side]), sorted[0], sorted[runs - 1],
                    Child.median(init[side]), Child.median(first[side])));
        }
        return new Result(sides);
    }
}
