package dev.lovage.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@link CanvasPlan} in the shape capture_canvas.py prints, and the normalisation both go through before they are
 * compared: every UUID becomes {@code <id-N>} numbered by first appearance in document order (so the same id in the
 * same places compares equal, whoever generated it), times and the origin become placeholders.
 */
public final class PlanJson {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private PlanJson() {
    }

    /** The plan as {@code {"ops": [...], "result": as_tuple}}. */
    public static ObjectNode of(CanvasPlan plan) {
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode ops = doc.putArray("ops");
        for (PlanStep step : plan.steps()) {
            ObjectNode op = ops.addObject();
            switch (step) {
                case PlanStep.Publish p -> {
                    op.put("op", "publish");
                    op.put("exchange", p.exchange());
                    op.put("routing_key", p.routingKey());
                    ArrayNode declare = op.putArray("declare");
                    if (p.queue() != null) {
                        declare.add(p.queue());
                    }
                    ObjectNode props = op.putObject("properties");
                    MessageProperties mp = p.encoded().properties();
                    props.put("correlation_id", mp.correlationId());
                    props.put("reply_to", mp.replyTo());
                    props.put("content_type", mp.contentType());
                    props.put("content_encoding", mp.contentEncoding());
                    props.put("priority", mp.priority());
                    if (mp.expiration() != null) {
                        props.put("expiration", mp.expiration());
                    }
                    op.set("headers", JSON.valueToTree(p.encoded().headers()));
                    op.set("body", read(p.encoded().body()));
                }
                case PlanStep.SetChordSize s -> {
                    op.put("op", "chord_size");
                    op.put("group_id", s.groupId());
                    op.put("size", s.size());
                }
                case PlanStep.AddToChord a -> {
                    op.put("op", "add_to_chord");
                    op.put("group_id", a.groupId());
                }
                case PlanStep.SaveChordHeader s -> {
                    op.put("op", "save_header");
                    op.put("group_id", s.groupId());
                    op.set("result", JSON.valueToTree(s.header().asTuple()));
                }
            }
        }
        doc.set("result", JSON.valueToTree(plan.result().asTuple()));
        return doc;
    }

    static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy with ids numbered by first appearance, eta/expires/origin/expiration replaced. */
    public static JsonNode normalise(JsonNode doc) {
        return walk(doc.deepCopy(), new HashMap<>(), null);
    }

    private static JsonNode walk(JsonNode node, Map<String, String> ids, String key) {
        if (node.isTextual()) {
            String text = node.asText();
            if ("origin".equals(key)) {
                return TextNode.valueOf("<origin>");
            }
            if ("eta".equals(key) || "expires".equals(key)) {
                return TextNode.valueOf("<time>");
            }
            if ("expiration".equals(key) && Long.parseLong(text) > 1_000_000_000L) {
                return TextNode.valueOf("<far>");
            }
            if (UUID.matcher(text).matches()) {
                return TextNode.valueOf(ids.computeIfAbsent(text, t -> "<id-" + (ids.size() + 1) + ">"));
            }
            return node;
        }
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            Map<String, JsonNode> replaced = new java.util.LinkedHashMap<>();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                replaced.put(e.getKey(), walk(e.getValue(), ids, e.getKey()));
            }
            replaced.forEach(o::set);
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, walk(a.get(i), ids, key));
            }
            return a;
        }
        return node;
    }
}
