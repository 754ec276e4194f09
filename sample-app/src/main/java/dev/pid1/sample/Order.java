package dev.pid1.sample;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order.
 *
 * @param id the order id
 * @param item what was ordered
 * @param quantity how many
 * @param total the price in total
 * @param createdAt when it was placed
 * @author pid1 authors
 */
public record Order(long id, String item, int quantity, BigDecimal total, Instant createdAt) {

}
