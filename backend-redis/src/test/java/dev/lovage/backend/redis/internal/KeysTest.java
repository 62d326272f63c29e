package dev.lovage.backend.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class KeysTest {

    @Test
    void usesCeleryKeyPrefixes() {
        Keys keys = new Keys("");
        assertThat(keys.task("26992b41")).isEqualTo("celery-task-meta-26992b41");
        assertThat(keys.group("06f025c3")).isEqualTo("celery-taskset-meta-06f025c3");
        assertThat(keys.taskPrefix()).isEqualTo("celery-task-meta-");
    }

    @Test
    void appendsAnUnderscoreToAGlobalPrefixWithoutASeparator() {
        assertThat(new Keys("p").task("id")).isEqualTo("p_celery-task-meta-id");
        assertThat(new Keys("p").group("g")).isEqualTo("p_celery-taskset-meta-g");
    }

    @Test
    void keepsAGlobalPrefixThatEndsInASeparator() {
        assertThat(new Keys("p:").task("id")).isEqualTo("p:celery-task-meta-id");
        assertThat(new Keys("p_").task("id")).isEqualTo("p_celery-task-meta-id");
        assertThat(new Keys("p-").task("id")).isEqualTo("p-celery-task-meta-id");
        assertThat(new Keys("p.").group("g")).isEqualTo("p.celery-taskset-meta-g");
    }

    @Test
    void readsThePrefixFromTransportOptions() {
        assertThat(Keys.from(Map.of("global_keyprefix", "lovage")).task("id")).isEqualTo("lovage_celery-task-meta-id");
        assertThat(Keys.from(Map.of()).task("id")).isEqualTo("celery-task-meta-id");
    }

    @Test
    void refusesAnEmptyTaskIdAsCelery53Does() {
        assertThatThrownBy(() -> new Keys("").task("")).isInstanceOf(IllegalArgumentException.class);
    }
}
