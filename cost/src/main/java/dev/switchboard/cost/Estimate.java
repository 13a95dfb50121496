package dev.switchboard.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The line items of a month and their total, and the assumptions behind them that a reader should see beside the
 * figures (none by default).
 *
 * @param lines       the line items
 * @param assumptions what the estimate assumed where the platform or the design left a figure open
 */
public record Estimate(List<LineItem> lines, List<String> assumptions) {
    public Estimate {
        lines = List.copyOf(lines);
        assumptions = List.copyOf(assumptions);
    }

    /** An estimate without stated assumptions. */
    public Estimate(List<LineItem> lines) {
        this(lines, List.of());
    }

    public double totalUsd() {
        return lines.stream().mapToDouble(LineItem::monthlyUsd).sum();
    }

    /** The line with that item name. */
    public LineItem line(String item) {
        return lines.stream().filter(l -> l.item().equals(item)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no line '" + item + "' in " + lines.stream()
                        .map(LineItem::item).toList()));
    }

    /**
     * {@code {"lines":[{"item","quantity","unit","unitPrice","monthlyUsd"}],"totalUsd"}}, and {@code "assumptions"}
     * when there are some.
     */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode arr = root.putArray("lines");
        for (LineItem l : lines) {
            arr.addObject().put("item", l.item()).put("quantity", l.quantity()).put("unit", l.unit())
                    .put("unitPrice", l.unitPrice()).put("monthlyUsd", round2(l.monthlyUsd()));
        }
        root.put("totalUsd", round2(totalUsd()));
        if (!assumptions.isEmpty()) {
            ArrayNode notes = root.putArray("assumptions");
            assumptions.forEach(notes::add);
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fixed-width table: item, quantity, unit, unit price, monthly USD, then the total. */
    public String toTable() {
        int w = Math.max(5, lines.stream().mapToInt(l -> l.item().length()).max().orElse(5));
        int u = Math.max(4, lines.stream().mapToInt(l -> l.unit().length()).max().orElse(4));
        String fmt = "%-" + w + "s  %16s  %-" + u + "s  %16s  %12s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, fmt, "item", "quantity", "unit", "unit price", "monthly USD"));
        for (LineItem l : lines) {
            sb.append(String.format(Locale.ROOT, fmt, l.item(), quantity(l.quantity()), l.unit(),
                    unitPrice(l.unitPrice()), String.format(Locale.ROOT, "%,.2f", l.monthlyUsd())));
        }
        sb.append(String.format(Locale.ROOT, fmt, "total", "", "", "", String.format(Locale.ROOT, "%,.2f", totalUsd())));
        assumptions.forEach(a -> sb.append("assumed: ").append(a).append(System.lineSeparator()));
        return sb.toString();
    }

    private static String quantity(double q) {
        return q == Math.rint(q) ? String.format(Locale.ROOT, "%,.0f", q) : String.format(Locale.ROOT, "%,.2f", q);
    }

    private static String unitPrice(double p) {
        if (p != 0 && Math.abs(p) < 0.001) {
            return String.format(Locale.ROOT, "$%.4f / 1M", p * 1_000_000);
        }
        return String.format(Locale.ROOT, "$%.4f", p);
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
