package dev.switchboard.cost;

/**
 * One line of an estimate: {@code monthlyUsd = quantity * unitPrice}.
 *
 * @param item       what is billed
 * @param quantity   how many units a month
 * @param unit       the unit counted
 * @param unitPrice  dollars per unit
 * @param monthlyUsd dollars a month
 */
public record LineItem(String item, double quantity, String unit, double unitPrice, double monthlyUsd) {
    public static LineItem of(String item, double quantity, Price price) {
        return new LineItem(item, quantity, price.unit(), price.perUnit(), quantity * price.perUnit());
    }
}
