package dev.lovage.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.it.support.LovageWorker;
import dev.lovage.it.support.Py;
import dev.lovage.it.support.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Celery 5.2.x with kombu 5.2.4, whose JSON writes dates and decimals as plain strings. */
@Timeout(120)
final class OldestClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCelery52ClientIsServed() throws Exception {
        String queue = LovageWorker.newQueue("celery52");
        try (LovageWorker w = LovageWorker.start(queue)) {
            String stdout = Services.get().python52().run(Py.prelude(queue) + """
                    import celery, kombu
                    dt = datetime.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.timezone.utc)
                    got = echo.delay(dt=dt, dec=decimal.Decimal('1.10'), u=uuid.UUID(int=1)).get(timeout=10)
                    out([celery.__version__, kombu.__version__, add.delay(2, 3).get(timeout=10), got['kwargs']])
                    """);
            String[] lines = stdout.strip().split("\n");
            JsonNode r = JSON.readTree(lines[lines.length - 1]);
            assertThat(r.get(0).asText()).startsWith("5.2.");
            assertThat(r.get(1).asText()).startsWith("5.2.");
            assertThat(r.get(2).asInt()).isEqualTo(5);
            // kombu 5.2 sent plain strings; the Java task echoes them back unchanged.
            assertThat(r.get(3).get("dt").asText()).isEqualTo("2024-01-02T03:04:05.678901Z");
            assertThat(r.get(3).get("dec").asText()).isEqualTo("1.10");
            assertThat(r.get(3).get("u").asText()).isEqualTo("00000000-0000-0000-0000-000000000001");
        }
    }
}
