package dev.switchboard.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --compare}: one traffic profile priced on every platform, side by side, then the reference columns (what a
 * user might pick instead of Switchboard, e.g. {@link AppSyncEventsModel}). The table has one column of monthly USD
 * per platform and reference: each line of an estimate in its own column, then the totals in one row, then for each
 * reference the protocol features it does not offer.
 *
 * @param estimates  the estimate of each platform, in column order
 * @param references the reference columns after the platforms, none by default
 */
public record Comparison(Map<Platform, Estimate> estimates, List<Reference> references) {
    /**
     * A column that prices the same traffic on a service Switchboard does not deploy to.
     *
     * @param key        its key in the JSON output
     * @param label      its column's name
     * @param estimate   the month on that service
     * @param notOffered the protocol's features that service does not offer
     */
    public record Reference(String key, String label, Estimate estimate, List<String> notOffered) {
        public Reference {
            notOffered = List.copyOf(notOffered);
        }
    }

    /** The AppSync Events column for a traffic profile. */
    public static Reference appSyncEvents(TrafficProfile profile, PriceBook prices) {
        return new Reference("appsyncEvents", AppSyncEventsModel.LABEL, AppSyncEventsModel.estimate(profile, prices),
                AppSyncEventsModel.NOT_OFFERED);
    }

    public Comparison {
        estimates = Map.copyOf(estimates);
        references = List.copyOf(references);
    }

    /** Platforms only. */
    public Comparison(Map<Platform, Estimate> estimates) {
        this(estimates, List.of());
    }

    private record Column(String label, Estimate estimate) {
    }

    private List<Column> columns() {
        List<Column> cols = new ArrayList<>();
        Arrays.stream(Platform.values()).filter(estimates::containsKey)
                .forEach(p -> cols.add(new Column(p.label(), estimates.get(p))));
        references.forEach(r -> cols.add(new Column(r.label(), r.estimate())));
        return cols;
    }

    public String toTable() {
        List<Column> cols = columns();
        int w = 5;
        String[] cell = new String[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            cell[c] = "  %" + Math.max(16, cols.get(c).label().length() + 4) + "s";
            for (LineItem l : cols.get(c).estimate().lines()) {
                w = Math.max(w, l.item().length());
            }
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", "item"));
        for (int c = 0; c < cols.size(); c++) {
            sb.append(String.format(Locale.ROOT, cell[c], cols.get(c).label() + " USD"));
        }
        sb.append(System.lineSeparator());
        for (int c = 0; c < cols.size(); c++) {
            for (LineItem l : cols.get(c).estimate().lines()) {
                sb.append(String.format(Locale.ROOT, "%-" + w + "s", l.item()));
                for (int k = 0; k < cols.size(); k++) {
                    sb.append(String.format(Locale.ROOT, cell[k], k == c ? money(l.monthlyUsd()) : ""));
                }
                sb.append(System.lineSeparator());
            }
        }
        sb.append(String.format(Locale.ROOT, "%-" + w + "s", "total"));
        for (int c = 0; c < cols.size(); c++) {
            sb.append(String.format(Locale.ROOT, cell[c], money(cols.get(c).estimate().totalUsd())));
        }
        sb.append(System.lineSeparator());
        for (Reference r : references) {
            sb.append("not offered by ").append(r.label()).append(": ").append(String.join(", ", r.notOffered()))
                    .append(System.lineSeparator());
        }
        for (Column c : cols) {
            c.estimate().assumptions().forEach(a -> sb.append("assumed (").append(c.label()).append("): ").append(a)
                    .append(System.lineSeparator()));
        }
        return sb.toString();
    }

    private static String money(double usd) {
        return String.format(Locale.ROOT, "%,.2f", usd);
    }

    /**
     * {@code {"aws":{"lines":[...],"totalUsd":...},"cloudflare":{...},"references":{"appsyncEvents":{"lines":[...],
     * "totalUsd":...,"notOffered":[...]}}}}.
     */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        try {
            for (Platform p : Platform.values()) {
                if (estimates.containsKey(p)) {
                    root.set(p.flag(), mapper.readTree(estimates.get(p).toJson()));
                }
            }
            if (!references.isEmpty()) {
                ObjectNode refs = root.putObject("references");
                for (Reference r : references) {
                    ObjectNode node = (ObjectNode) mapper.readTree(r.estimate().toJson());
                    node.put("label", r.label());
                    ArrayNode missing = node.putArray("notOffered");
                    r.notOffered().forEach(missing::add);
                    refs.set(r.key(), node);
                }
            }
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
