package dev.lovage.backend.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class ResultMetaCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAIVE_DATE = Pattern.compile("(\"date_done\": \"[0-9T:.-]+)\"");

    /** Every celery-task-meta value in the captured Redis snapshots. */
    private static List<String> pythonDocuments() throws IOException {
        List<String> docs = new ArrayList<>();
        for (String name : List.of("add_success", "failure", "retry", "chain")) {
            try (InputStream in = ResultMetaCodecTest.class.getResourceAsStream("/celery-5.2.6/" + name + ".json")) {
                for (JsonNode snapshot : JSON.readTree(in).get("snapshots")) {
                    Iterator<Map.Entry<String, JsonNode>> keys = snapshot.get("keys").fields();
                    while (keys.hasNext()) {
                        Map.Entry<String, JsonNode> e = keys.next();
                        if (e.getKey().startsWith("celery-task-meta-")) {
                            docs.add(e.getValue().get("raw").asText());
                        }
                    }
                }
            }
        }
        return docs;
    }

    @Test
    void rewritesPythonDocumentsByteForByte() throws IOException {
        List<String> docs = pythonDocuments();
        assertThat(docs).hasSizeGreaterThan(5);
        for (String python : docs) {
            // Celery 5.2 wrote a naive UTC date_done; 5.5+ (and Lovage) write the same instant with +00:00.
            Matcher m = NAIVE_DATE.matcher(python);
            String expected = m.replaceAll("$1+00:00\"");
            assertThat(ResultMetaCodec.encode(ResultMetaCodec.decode(python))).isEqualTo(expected);
        }
    }

    @Test
    void writesFieldsInPythonsOrder() {
        ResultMeta meta = new ResultMeta("t1", TaskState.SUCCESS, 30, null, List.of(),
                Instant.parse("2026-11-24T05:15:07.434996Z"), "g1", "p1",
                new ResultMeta.Extended("tasks.add", List.of(10, 20), Map.of(), "w@h", 0, "q2"));
        assertThat(ResultMetaCodec.encode(meta)).isEqualTo("{\"status\": \"SUCCESS\", \"result\": 30, "
                + "\"traceback\": null, \"children\": [], \"date_done\": \"2026-11-24T05:15:07.434996+00:00\", "
                + "\"group_id\": \"g1\", \"parent_id\": \"p1\", \"name\": \"tasks.add\", \"args\": [10, 20], "
                + "\"kwargs\": {}, \"worker\": \"w@h\", \"retries\": 0, \"queue\": \"q2\", \"task_id\": \"t1\"}");
    }

    @Test
    void writesNoFractionWhenMicrosecondsAreZeroAsPythonDoes() {
        ResultMeta meta = new ResultMeta("t", TaskState.FAILURE,
                new ExceptionInfo("ValueError", List.of("é"), "builtins"), "tb", List.of(),
                Instant.parse("2026-11-24T05:15:07Z"), null, null, null);
        assertThat(ResultMetaCodec.encode(meta)).isEqualTo("{\"status\": \"FAILURE\", \"result\": {\"exc_type\": "
                + "\"ValueError\", \"exc_message\": [\"\\u00e9\"], \"exc_module\": \"builtins\"}, \"traceback\": \"tb\", "
                + "\"children\": [], \"date_done\": \"2026-11-24T05:15:07+00:00\", \"task_id\": \"t\"}");
    }

    @Test
    void startedHasNoDateDone() {
        ResultMeta meta = new ResultMeta("t", TaskState.STARTED, Map.of("pid", 7), null, List.of(), null, null, null,
                null);
        assertThat(ResultMetaCodec.encode(meta)).contains("\"date_done\": null");
        assertThat(ResultMetaCodec.decode(ResultMetaCodec.encode(meta))).isEqualTo(meta);
    }
}
