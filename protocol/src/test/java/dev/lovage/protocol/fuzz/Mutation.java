package dev.lovage.protocol.fuzz;

import dev.lovage.protocol.MessageProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.zip.DeflaterOutputStream;
import org.jspecify.annotations.Nullable;

/** One way to damage a message, applied with a seeded {@link RandomGenerator} so a failing case can be replayed. */
enum Mutation {
    FLIP_BYTE, TRUNCATE, INSERT_BYTES, SPLICE_TOKEN, DROP_HEADER, ODD_HEADER, DEEP_HEADER, CONTENT_TYPE,
    CONTENT_ENCODING, COMPRESS, COMPRESSION_HEADER;

    static final List<@Nullable String> CONTENT_TYPES = Arrays.asList("application/json", "application/x-msgpack",
            "application/x-yaml", "application/data", "text/plain", "application/x-python-serialize", "json",
            "image/png", "", null);
    static final List<@Nullable String> COMPRESSIONS = Arrays.asList(null, "application/x-gzip", "zlib",
            "application/x-bz2", "application/x-lzma", "application/x-brotli", "application/zstd", "lz4", "");
    private static final List<String> TOKENS = List.of("[", "]", "{", "}", ",", ":", "\"", "\\", "null", "NaN",
            "-Infinity", "1e99999", "9".repeat(5000), "\\ud800", "\"\\u0000\"", "[".repeat(2000),
            "{\"__type__\": \"datetime\", \"__value__\": \"99999-01-01\"}",
            "{\"__type__\": \"uuid\", \"__value__\": {\"hex\": \"zz\", \"version\": 99}}",
            "{\"__type__\": \"frozenset\", \"__value__\": []}", "{\"__type__\": \"bytes\"}", "\u00e9", "\uffff");
    private static final List<@Nullable Object> ODD_VALUES = Arrays.asList(null, "", "x", -1, 0,
            Long.MAX_VALUE, 1e308, -1e308, true, List.of(), List.of(1, 2, 3), Map.of(), Map.of("a", List.of()),
            "2318-01-01T00:00:00", "9999-12-31T23:59:59.999999+00:00", "0001-01-01T00:00:00", "+99999-01-01",
            "2024-02-30T25:61:61", "1e400", "nan", Arrays.asList("1", null), Arrays.asList(1e308, -5));
    private static final List<String> HEADER_KEYS = List.of("task", "id", "eta", "expires", "retries", "timelimit",
            "group_index", "root_id", "parent_id", "group", "argsrepr", "kwargsrepr", "ignore_result", "shadow",
            "lang", "origin", "stamps", "x-death");

    static Mutation pick(RandomGenerator random) {
        Mutation[] all = values();
        return all[random.nextInt(all.length)];
    }

    FuzzMessage apply(FuzzMessage m, RandomGenerator r) {
        byte[] body = m.body();
        Map<String, @Nullable Object> headers = new LinkedHashMap<>(m.headers());
        MessageProperties p = m.properties();
        switch (this) {
            case FLIP_BYTE -> {
                body = body.clone();
                if (body.length > 0) {
                    body[r.nextInt(body.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case TRUNCATE -> body = Arrays.copyOf(body, body.length == 0 ? 0 : r.nextInt(body.length));
            case INSERT_BYTES -> {
                byte[] junk = new byte[1 + r.nextInt(16)];
                r.nextBytes(junk);
                body = splice(body, r.nextInt(body.length + 1), junk);
            }
            case SPLICE_TOKEN -> body = splice(body, r.nextInt(body.length + 1),
                    TOKENS.get(r.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
            case DROP_HEADER -> headers.remove(HEADER_KEYS.get(r.nextInt(HEADER_KEYS.size())));
            case ODD_HEADER -> headers.put(HEADER_KEYS.get(r.nextInt(HEADER_KEYS.size())),
                    ODD_VALUES.get(r.nextInt(ODD_VALUES.size())));
            case DEEP_HEADER -> headers.put(HEADER_KEYS.get(r.nextInt(HEADER_KEYS.size())), nested(1 + r.nextInt(30)));
            case CONTENT_TYPE -> p = new MessageProperties(p.correlationId(),
                    CONTENT_TYPES.get(r.nextInt(CONTENT_TYPES.size())), p.contentEncoding(), p.replyTo(),
                    p.priority(), p.expiration());
            case CONTENT_ENCODING -> p = new MessageProperties(p.correlationId(), p.contentType(),
                    List.of("binary", "utf-16", "latin-1", "nope", "").get(r.nextInt(5)), p.replyTo(), p.priority(),
                    p.expiration());
            case COMPRESS -> {
                body = zlib(body);
                headers.put("compression", "application/x-gzip");
            }
            case COMPRESSION_HEADER -> headers.put("compression", COMPRESSIONS.get(r.nextInt(COMPRESSIONS.size())));
        }
        return new FuzzMessage(m.kind(), p, headers, body);
    }

    // Nested header tables; the RabbitMQ Java client refuses more than 32 levels.
    private static Object nested(int depth) {
        Object v = "leaf";
        for (int i = 0; i < depth; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", v);
            v = m;
        }
        return v;
    }

    private static byte[] splice(byte[] body, int at, byte[] insert) {
        List<Byte> out = new ArrayList<>(body.length + insert.length);
        for (int i = 0; i < at; i++) {
            out.add(body[i]);
        }
        for (byte b : insert) {
            out.add(b);
        }
        for (int i = at; i < body.length; i++) {
            out.add(body[i]);
        }
        byte[] result = new byte[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }

    private static byte[] zlib(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
