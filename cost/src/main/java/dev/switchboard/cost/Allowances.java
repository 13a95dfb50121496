package dev.switchboard.cost;

import java.util.List;

/**
 * The lines of a metered price that a plan includes some of (the Workers Paid plan, the Functions free grant, the
 * Vercel Pro plan): each usage above zero as a line, then the plan's monthly allowance ({@link PriceBook#included})
 * as one negative line, never more than was used.
 */
final class Allowances {
    private Allowances() {
    }

    /** A quantity of one price, named by its line. */
    record Usage(String item, double quantity) {
    }

    static Usage usage(String item, double quantity) {
        return new Usage(item, quantity);
    }

    /** Adds the usage lines of {@code key} (those above zero), then its allowance as {@code includedItem}. */
    static void metered(List<LineItem> lines, PriceBook prices, String key, String includedItem, Usage... usages) {
        metered(lines, prices.get(key), prices.included(key), includedItem, usages);
    }

    /** As above, with an allowance the model computes (e.g. Web PubSub's messages per unit a day). */
    static void metered(List<LineItem> lines, Price price, double allowance, String includedItem, Usage... usages) {
        double used = 0;
        for (Usage u : usages) {
            if (u.quantity() > 0) {
                lines.add(LineItem.of(u.item(), u.quantity(), price));
                used += u.quantity();
            }
        }
        double included = Math.min(used, allowance);
        if (included > 0) {
            lines.add(LineItem.of(includedItem, -included, price));
        }
    }

    /**
     * Share of the time something is billed as running when events arrive at random (Poisson) at {@code rate} a
     * second and each keeps it running {@code seconds}: {@code 1 − e^(−rate × seconds)} (overlapping events share the
     * billed time). Used for Durable Objects, Flex Consumption instances and the like.
     */
    static double busyShare(double rate, double seconds) {
        return 1 - Math.exp(-rate * seconds);
    }
}
