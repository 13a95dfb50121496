package dev.switchboard.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --compare}: one traffic profile priced on every platform, side by side. The table has one column of monthly
 * USD per platform: each line of a platform's estimate in its own column, then the totals of both in one row.
 *
 * @param estimates the estimate of each platform, in column order
 */
public record Comparison(Map<Platform, Estimate> estimates) {
    public Comparison {
        estimates = Map.copyOf(estimates);
    }

    private Platform[] columns() {
        return java.util.Arrays.stream(Platform.values()).filter(estimates::containsKey).toArray(Platform[]::new);
    }

    public String toTable() {
        Platform[] cols = columns();
        int w = 5;
        for (Platform p : cols) {
            for (LineItem l : estimates.get(p).lines()) {
                w = Math.max(w, l.item().length());
            }
        }
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", "item"));
        for (Platform p : cols) {
            head.append(String.format(Locale.ROOT, "  %16s", p.label() + " USD"));
        }
        StringBuilder sb = new StringBuilder(head).append(System.lineSeparator());
        for (int c = 0; c < cols.length; c++) {
            for (LineItem l : estimates.get(cols[c]).lines()) {
                sb.append(row(w, l.item(), cols.length, c, l.monthlyUsd()));
            }
        }
        StringBuilder total = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", "total"));
        for (Platform p : cols) {
            total.append(String.format(Locale.ROOT, "  %16s", money(estimates.get(p).totalUsd())));
        }
        return sb.append(total).append(System.lineSeparator()).toString();
    }

    private static String row(int w, String item, int columns, int column, double usd) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", item));
        for (int c = 0; c < columns; c++) {
            sb.append(String.format(Locale.ROOT, "  %16s", c == column ? money(usd) : ""));
        }
        return sb.append(System.lineSeparator()).toString();
    }

    private static String money(double usd) {
        return String.format(Locale.ROOT, "%,.2f", usd);
    }

    /** {@code {"aws":{"lines":[...],"totalUsd":...},"cloudflare":{...}}}. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        try {
            for (Platform p : columns()) {
                root.set(p.flag(), mapper.readTree(estimates.get(p).toJson()));
            }
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
