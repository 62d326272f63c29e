package dev.lovage.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class HeaderValuesTest {

    @Test
    void keepsPlainValuesAndNumbersAsTheyAre() {
        for (Object v : List.of("s", true, 1, 2L, 1.5, new BigDecimal("1.10"), BigInteger.TEN.pow(30))) {
            assertThat(HeaderValues.value(v)).isSameAs(v);
        }
        assertThat(HeaderValues.value(null)).isNull();
        assertThat(HeaderValues.value(1.5f)).isEqualTo(1.5);
        assertThat(HeaderValues.value((short) 3)).isEqualTo(3);
        assertThat(HeaderValues.value((byte) 4)).isEqualTo(4);
    }

    @Test
    void readsTextFromBytesCharSequencesAndAnythingElseThroughToString() {
        assertThat(HeaderValues.value("héllo".getBytes(StandardCharsets.UTF_8))).isEqualTo("héllo");
        assertThat(HeaderValues.value(new StringBuilder("sb"))).isEqualTo("sb");
        Object longString = new Object() {
            @Override
            public String toString() {
                return "long string";
            }
        };
        assertThat(HeaderValues.value(longString)).isEqualTo("long string");
    }

    @Test
    void timestampsBecomeInstants() {
        assertThat(HeaderValues.value(Date.from(Instant.parse("2026-11-24T05:12:30Z"))))
                .isEqualTo(Instant.parse("2026-11-24T05:12:30Z"));
    }

    @Test
    void normalisesNestedTablesAndArraysInOrder() {
        Map<Object, Object> inner = new LinkedHashMap<>();
        inner.put("z", "last".getBytes(StandardCharsets.UTF_8));
        inner.put(1, new StringBuilder("a"));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("b", Arrays.asList(inner, null, new Object[] {1.5f, null}));
        headers.put("a", Set.of("only"));
        Map<String, Object> out = HeaderValues.normalise(headers);
        assertThat(out.keySet()).containsExactly("b", "a");
        List<?> b = (List<?>) out.get("b");
        assertThat(b.get(0)).isEqualTo(Map.of("z", "last", "1", "a"));
        assertThat(new ArrayList<Object>(((Map<?, ?>) b.get(0)).keySet())).containsExactly("z", "1");
        assertThat(b.get(1)).isNull();
        assertThat(b.get(2)).isEqualTo(Arrays.asList(1.5, null));
        assertThat(out.get("a")).isEqualTo(List.of("only"));
        assertThat(out).isInstanceOf(LinkedHashMap.class);
        assertThat(new ArrayList<>(headers.keySet())).containsExactly("b", "a"); // the input is left alone
    }
}
