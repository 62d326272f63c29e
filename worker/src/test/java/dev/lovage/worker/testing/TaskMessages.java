package dev.lovage.worker.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.protocol.MessageProperties;
import dev.lovage.worker.broker.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test-data builders for protocol v2 task messages as Python Celery 5.x publishes them: {@code aTaskMessage()}. */
public final class TaskMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskMessages() {
    }

    public static Builder aTaskMessage() {
        return new Builder();
    }

    /** Fluent builder; each call returns the builder. */
    public static final class Builder {
        private final Map<String, Object> headers = new LinkedHashMap<>();
        private List<Object> args = new ArrayList<>();
        private Map<String, Object> kwargs = new LinkedHashMap<>();
        private byte[] rawBody;
        private String contentType = "application/json";
        private String queue = "celery";
        private boolean redelivered;
        private final List<Map<String, Object>> errbacks = new ArrayList<>();
        private final Map<String, Object> embed = new LinkedHashMap<>();

        Builder() {
            String id = UUID.randomUUID().toString();
            headers.put("lang", "py");
            headers.put("task", "tasks.add");
            headers.put("id", id);
            headers.put("shadow", null);
            headers.put("eta", null);
            headers.put("expires", null);
            headers.put("group", null);
            headers.put("group_index", null);
            headers.put("retries", 0);
            headers.put("timelimit", Arrays.asList(null, null));
            headers.put("root_id", id);
            headers.put("parent_id", null);
            headers.put("argsrepr", "()");
            headers.put("kwargsrepr", "{}");
            headers.put("origin", "gen1@test");
            headers.put("ignore_result", false);
        }

        public Builder withTask(String name) {
            headers.put("task", name);
            return this;
        }

        public Builder withId(String id) {
            headers.put("id", id);
            return this;
        }

        public Builder withArgs(Object... values) {
            args = new ArrayList<>(Arrays.asList(values));
            return this;
        }

        public Builder withKwargs(Map<String, Object> values) {
            kwargs = new LinkedHashMap<>(values);
            return this;
        }

        public Builder withHeader(String name, Object value) {
            headers.put(name, value);
            return this;
        }

        public Builder withoutHeader(String name) {
            headers.remove(name);
            return this;
        }

        public Builder withRawBody(String body) {
            rawBody = body.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder withContentType(String type) {
            contentType = type;
            return this;
        }

        /** Links an errback signature ({@code link_error}) to the task. */
        public Builder withErrback(String task) {
            Map<String, Object> sig = new LinkedHashMap<>();
            sig.put("task", task);
            sig.put("args", List.of());
            sig.put("kwargs", Map.of());
            sig.put("options", Map.of());
            sig.put("subtask_type", null);
            sig.put("immutable", false);
            errbacks.add(sig);
            return this;
        }

        /** Marks the message redelivered, as the broker does after a lost connection. */
        public Builder asRedelivered() {
            redelivered = true;
            return this;
        }

        /** Sets one key of the embed ({@code callbacks}, {@code chain}, {@code chord}) to signature dicts. */
        public Builder withEmbed(String key, Object value) {
            embed.put(key, value);
            return this;
        }

        public Builder withQueue(String name) {
            queue = name;
            return this;
        }

        public String id() {
            return (String) headers.get("id");
        }

        /** The delivery a broker would hand over for this message. */
        public Delivery toDelivery(long tag, int epoch) {
            Map<String, Object> embed = new LinkedHashMap<>();
            embed.put("callbacks", null);
            embed.put("errbacks", errbacks.isEmpty() ? null : errbacks);
            embed.put("chain", null);
            embed.put("chord", null);
            embed.putAll(this.embed);
            byte[] body;
            try {
                body = rawBody != null ? rawBody : JSON.writeValueAsBytes(List.of(args, kwargs, embed));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            MessageProperties props = new MessageProperties(id(), contentType, "utf-8", "reply-oid", 0, null);
            return new Delivery(tag, epoch, queue, "", queue, redelivered, props, new LinkedHashMap<>(headers), body);
        }
    }
}
