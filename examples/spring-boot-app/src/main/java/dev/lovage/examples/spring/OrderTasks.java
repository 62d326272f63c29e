package dev.lovage.examples.spring;

import dev.lovage.worker.CeleryTask;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Typed tasks on an ordinary bean. A Python producer calls them as usual:
 * {@code app.send_task('orders.invoice', args=[lines], kwargs={'discount': Decimal('0.1')})} and gets the
 * {@link Invoice} back as a dict, with {@code Decimal} and {@code datetime} values.
 */
@Component
public class OrderTasks {

    /** One order line, as the dict {@code {'sku': 'a', 'quantity': 2, 'price': Decimal('2.50')}}. */
    public record Line(String sku, int quantity, BigDecimal price) {
    }

    /** What {@link #invoice} returns; Python receives a dict with these keys. */
    public record Invoice(BigDecimal total, int items, Optional<OffsetDateTime> placed, List<String> skus) {
    }

    @CeleryTask(name = "orders.invoice")
    public Invoice invoice(List<Line> lines, Optional<BigDecimal> discount, Optional<OffsetDateTime> placed) {
        BigDecimal gross = lines.stream().map(l -> l.price().multiply(BigDecimal.valueOf(l.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal total = gross.multiply(BigDecimal.ONE.subtract(discount.orElse(BigDecimal.ZERO)))
                .setScale(2, RoundingMode.HALF_EVEN);
        int items = lines.stream().mapToInt(Line::quantity).sum();
        return new Invoice(total, items, placed, lines.stream().map(Line::sku).toList());
    }

    /** Takes its time: the task a warm shutdown lets finish. */
    @CeleryTask(name = "orders.slow")
    public String slow(double seconds) throws InterruptedException {
        Thread.sleep(Duration.ofMillis((long) (seconds * 1000)));
        return "done";
    }
}
