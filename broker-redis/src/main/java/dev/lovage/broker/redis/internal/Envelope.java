package dev.lovage.broker.redis.internal;

import dev.lovage.protocol.MessageProperties;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import dev.lovage.protocol.codec.PyJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message as kombu's virtual transport stores it in a Redis list: a JSON object with {@code body} (base64 of the
 * serialized body), {@code content-encoding}, {@code content-type}, {@code headers} and {@code properties}
 * ({@code correlation_id}, {@code reply_to}, {@code delivery_mode}, {@code delivery_info} {exchange, routing_key},
 * {@code priority}, {@code body_encoding}, {@code delivery_tag}). Built by kombu's {@code prepare_message} and
 * {@code _inplace_augment_message} (virtual/base.py), read by {@code Message.__init__}. Immutable.
 */
public final class Envelope {
    private final String raw;
    private final Map<String, @Nullable Object> tree;
    private final Map<String, @Nullable Object> properties;
    private final Map<String, @Nullable Object> deliveryInfo;

    private Envelope(String raw, Map<String, @Nullable Object> tree) {
        this.raw = raw;
        this.tree = tree;
        this.properties = map(tree.get("properties"));
        this.deliveryInfo = map(properties.get("delivery_info"));
    }

    /**
     * Reads a list element.
     *
     * @throws ProtocolException DECODE_ERROR for text that is not a JSON object
     */
    public static Envelope parse(String raw) {
        if (!(PyJson.read(raw) instanceof Map<?, ?> m)) {
            throw new ProtocolException(Reason.DECODE_ERROR, "a kombu message must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> tree = (Map<String, @Nullable Object>) m;
        return new Envelope(raw, tree);
    }

    /** An element that is not JSON, kept only to be dropped: no fields, its text as it was. */
    public static Envelope unreadable(String raw) {
        return new Envelope(raw, Map.of());
    }

    /** A message read from an {@code unacked} record, whose element text is not at hand. */
    public static Envelope of(Map<String, @Nullable Object> tree) {
        return new Envelope(PyJson.write(tree), tree);
    }

    /**
     * A new message as a kombu producer writes it. The body is stored base64-encoded ({@code body_encoding}
     * base64, kombu's only codec), whatever its content type.
     */
    public static String encode(String exchange, String routingKey, MessageProperties props,
            Map<String, @Nullable Object> headers, byte[] body, int deliveryMode, String deliveryTag) {
        Map<String, @Nullable Object> p = new LinkedHashMap<>();
        if (props.correlationId() != null) {
            p.put("correlation_id", props.correlationId());
        }
        if (props.replyTo() != null) {
            p.put("reply_to", props.replyTo());
        }
        p.put("delivery_mode", deliveryMode);
        if (props.expiration() != null) {
            p.put("expiration", props.expiration());
        }
        Map<String, @Nullable Object> info = new LinkedHashMap<>();
        info.put("exchange", exchange);
        info.put("routing_key", routingKey);
        p.put("delivery_info", info);
        p.put("priority", props.priority() == null ? 0 : props.priority());
        p.put("body_encoding", "base64");
        p.put("delivery_tag", deliveryTag);
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("body", Base64.getEncoder().encodeToString(body));
        m.put("content-encoding", props.contentEncoding());
        m.put("content-type", props.contentType());
        m.put("headers", headers);
        m.put("properties", p);
        return PyJson.write(m);
    }

    /** The element exactly as it was stored. */
    public String raw() {
        return raw;
    }

    /** {@code properties.delivery_tag}, null when missing (a Python consumer would fail on such a message). */
    public @Nullable String tag() {
        return properties.get("delivery_tag") instanceof String s ? s : null;
    }

    public String exchange() {
        return deliveryInfo.get("exchange") instanceof String s ? s : "";
    }

    public String routingKey() {
        return deliveryInfo.get("routing_key") instanceof String s ? s : "";
    }

    /** True once a restore or requeue put it back ({@code delivery_info.redelivered}, or the header). */
    public boolean redelivered() {
        return Boolean.TRUE.equals(deliveryInfo.get("redelivered"))
                || Boolean.TRUE.equals(map(tree.get("headers")).get("redelivered"));
    }

    // Mirrors virtual Channel._get_message_priority: int(priority) clamped to 0..9; 0 when missing or not a number.
    /** The message's priority, 0 to 9. */
    public int priority() {
        Object v = properties.get("priority");
        int p;
        if (v instanceof Number n) {
            p = n.intValue();
        } else if (v instanceof Boolean b) {
            p = b ? 1 : 0;
        } else if (v instanceof String s) {
            try {
                p = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                p = 0;
            }
        } else {
            p = 0;
        }
        return Math.max(0, Math.min(9, p));
    }

    /** The AMQP-style properties the worker decodes with. */
    public MessageProperties messageProperties() {
        return new MessageProperties(text(properties.get("correlation_id")), text(tree.get("content-type")),
                text(tree.get("content-encoding")), text(properties.get("reply_to")), priority(),
                text(properties.get("expiration")), text(properties.get("app_id")));
    }

    /** The application headers, without the {@code redelivered} flag a restore adds (see {@link #redelivered()}). */
    public Map<String, @Nullable Object> headers() {
        Map<String, @Nullable Object> h = map(tree.get("headers"));
        if (!h.containsKey("redelivered")) {
            return Collections.unmodifiableMap(h);
        }
        Map<String, @Nullable Object> copy = new LinkedHashMap<>(h);
        copy.remove("redelivered");
        return Collections.unmodifiableMap(copy);
    }

    // Mirrors virtual Message.__init__ and Channel.decode_body: base64 when body_encoding says so; a missing
    // encoding (or utf-8) means the body is the text itself.
    /**
     * The serialized body as bytes.
     *
     * @throws ProtocolException DECODE_ERROR for a body_encoding other than base64, or bad base64
     */
    public byte[] body() {
        Object body = tree.get("body");
        if (body == null || body instanceof String s && s.isEmpty()) {
            return new byte[0];
        }
        if (!(body instanceof String text)) {
            throw new ProtocolException(Reason.DECODE_ERROR, "the message body is a JSON "
                    + body.getClass().getSimpleName() + ", not a string");
        }
        String encoding = text(properties.get("body_encoding"));
        if (encoding == null || encoding.equalsIgnoreCase("utf-8")) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (!encoding.equals("base64")) {
            throw new ProtocolException(Reason.DECODE_ERROR, "unknown body_encoding '" + encoding + "'");
        }
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.DECODE_ERROR, "the body is not base64: " + e.getMessage(), e);
        }
    }

    // Mirrors redis.py Channel._do_restore_message: headers.redelivered and properties.delivery_info.redelivered
    // become true (the second only if the first could be set, as kombu's try block does).
    /** The element a restore or requeue pushes back: this message marked redelivered. */
    public String redeliveredCopy() {
        Map<String, @Nullable Object> copy = new LinkedHashMap<>(tree);
        if (!(tree.get("headers") instanceof Map<?, ?>)) {
            return PyJson.write(copy);
        }
        Map<String, @Nullable Object> headers = new LinkedHashMap<>(map(tree.get("headers")));
        headers.put("redelivered", true);
        copy.put("headers", headers);
        if (tree.get("properties") instanceof Map<?, ?> && properties.get("delivery_info") instanceof Map<?, ?>) {
            Map<String, @Nullable Object> props = new LinkedHashMap<>(properties);
            Map<String, @Nullable Object> info = new LinkedHashMap<>(deliveryInfo);
            info.put("redelivered", true);
            props.put("delivery_info", info);
            copy.put("properties", props);
        }
        return PyJson.write(copy);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, @Nullable Object> map(@Nullable Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, @Nullable Object>) m : Map.of();
    }

    private static @Nullable String text(@Nullable Object v) {
        return v == null ? null : v.toString();
    }
}
