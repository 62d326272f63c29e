package dev.lovage.broker.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
final class BindingsTest {

    @Test
    void topicPatternsAreKombusByteForByte() {
        // The captured SADD: "a.#\x06\x16^a\\..*?$\x06\x16tq"; the other two from kombu's key_to_pattern.
        assertThat(Bindings.topicPattern("a.#")).isEqualTo("^a\\..*?$");
        assertThat(Bindings.topicPattern("*.b")).isEqualTo("^[^\\.]+\\.b$");
        assertThat(Bindings.topicPattern("x-y.z+1")).isEqualTo("^x\\-y\\.z\\+1$");
        assertThat(Bindings.topicPattern("#")).isEqualTo("^.*?$");
    }

    @Test
    void topicPatternsMatchAsPythonsReMatchDoes() {
        Pattern p = Pattern.compile(Bindings.topicPattern("a.#"));
        assertThat(p.matcher("a.b.c").lookingAt()).isTrue();
        // Unlike AMQP, "a.#" does not match "a" on kombu's Redis transport.
        assertThat(p.matcher("a").lookingAt()).isFalse();
        Pattern star = Pattern.compile(Bindings.topicPattern("*.b"));
        assertThat(star.matcher("x.b").lookingAt()).isTrue();
        assertThat(star.matcher("x.y.b").lookingAt()).isFalse();
    }
}
