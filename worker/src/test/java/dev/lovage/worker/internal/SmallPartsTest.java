package dev.lovage.worker.internal;

import dev.lovage.worker.UrlMasker;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class SmallPartsTest {

    @Test
    void expandsNodeNamesLikeCelery() {
        assertThat(Hostnames.expand("java1@%h", "box.example.com")).isEqualTo("java1@box.example.com");
        assertThat(Hostnames.expand("w@%n.%d", "box.example.com")).isEqualTo("w@box.example.com");
        assertThat(Hostnames.expand("foo", "box")).isEqualTo("celery@foo");
        assertThat(Hostnames.expand("a%%b@%h", "box")).isEqualTo("a%b@box");
    }

    @Test
    void masksPasswordsInUrls() {
        assertThat(UrlMasker.mask("amqp://guest:guest@localhost:5672//")).isEqualTo("amqp://guest:**@localhost:5672//");
        assertThat(UrlMasker.mask("redis://:pw@h:6379/0")).isEqualTo("redis://:**@h:6379/0");
        assertThat(UrlMasker.mask("sentinel://:a@h1:26379;sentinel://:b@h2:26379"))
                .isEqualTo("sentinel://:**@h1:26379;sentinel://:**@h2:26379");
        assertThat(UrlMasker.mask("redis://h:6379/0")).isEqualTo("redis://h:6379/0");
    }
}
