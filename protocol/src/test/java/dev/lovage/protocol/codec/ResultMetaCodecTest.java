package dev.lovage.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lovage.protocol.ExceptionInfo;
import dev.lovage.protocol.ResultMeta;
import dev.lovage.protocol.TaskState;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

@Timeout(10)
final class ResultMetaCodecTest {
    private static final List<String> SCENARIOS = PythonDocuments.SCENARIOS;

    private static JsonNode tree(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @ParameterizedTest
    @FieldSource("SCENARIOS")
    void rewritesEveryPythonDocumentByteForByte(String scenario) {
        List<String> docs = PythonDocuments.of(scenario);
        assertThat(docs).isNotEmpty();
        for (String python : docs) {
            assertThat(ResultMetaCodec.encode(ResultMetaCodec.decode(python)))
                    .isEqualTo(PythonDocuments.withAwareDate(python));
        }
    }

    @Test
    void writesASuccessAsPythonDid() {
        String python = PythonDocuments.first("add_success", "SUCCESS");
        ResultMeta meta = new ResultMeta("26992b41-50fc-4dd0-a7af-9998e645939e", TaskState.SUCCESS, 5, null,
                List.of(), Instant.parse("2026-11-24T06:17:50.072937Z"), null, null, null);
        assertThat(ResultMetaCodec.encode(meta)).isEqualTo(PythonDocuments.withAwareDate(python));
    }

    @Test
    void writesAFailureAsPythonDid() throws Exception {
        String python = PythonDocuments.first("failure", "FAILURE");
        JsonNode doc = tree(python);
        ResultMeta meta = new ResultMeta(doc.get("task_id").asText(), TaskState.FAILURE,
                new ExceptionInfo("ValueError", List.of("boom"), "builtins"), doc.get("traceback").asText(),
                List.of(), Instant.parse(doc.get("date_done").asText() + "Z"), null, null, null);
        assertThat(ResultMetaCodec.encode(meta)).isEqualTo(PythonDocuments.withAwareDate(python));
    }

    @Test
    void writesARetryExactlyAsPythonDid() throws Exception {
        String python = PythonDocuments.first("retry", "RETRY");
        JsonNode doc = tree(python);
        String id = doc.get("task_id").asText();
        // A retried task's children hold its own id: Task.retry re-sends the same id from inside the task.
        ResultMeta meta = new ResultMeta(id, TaskState.RETRY,
                new ExceptionInfo("ValueError", List.of("transient 0"), "builtins"), doc.get("traceback").asText(),
                List.of(Arrays.asList(Arrays.asList(id, null), null)), null, null, null, null);
        // No date_done in a RETRY, so this one needs no adjustment at all.
        assertThat(ResultMetaCodec.encode(meta)).isEqualTo(python);
    }

    @Test
    void writesExtendedFieldsInPythonsOrder() {
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
                + "\"ValueError\", \"exc_message\": [\"\\u00e9\"], \"exc_module\": \"builtins\"}, "
                + "\"traceback\": \"tb\", \"children\": [], \"date_done\": \"2026-11-24T05:15:07+00:00\", "
                + "\"task_id\": \"t\"}");
    }

    @Test
    void writesSixFractionalDigitsAndDropsNanoseconds() {
        ResultMeta meta = new ResultMeta("t", TaskState.SUCCESS, null, null, List.of(),
                Instant.parse("2026-11-24T05:18:53.000100999Z"), null, null, null);
        assertThat(ResultMetaCodec.encode(meta)).contains("\"date_done\": \"2026-11-24T05:18:53.000100+00:00\"");
    }

    @Test
    void escapesUnicodeAsEnsureAsciiDoesAndReadsItBack() {
        Map<String, Object> result = Map.of("text", "日本語 é 😀");
        ResultMeta meta = new ResultMeta("t", TaskState.SUCCESS, result, null, List.of(),
                Instant.parse("2026-11-24T05:18:53.260799Z"), null, null, null);
        String json = ResultMetaCodec.encode(meta);
        assertThat(json).contains("\"result\": {\"text\": \"\\u65e5\\u672c\\u8a9e \\u00e9 \\ud83d\\ude00\"}");
        assertThat(ResultMetaCodec.decode(json)).isEqualTo(meta);
    }

    @Test
    void writesNoDateDoneForStatesThatAreNotReady() {
        Instant now = Instant.parse("2026-11-24T05:18:53.260799Z");
        for (TaskState state : List.of(TaskState.STARTED, TaskState.RETRY, TaskState.PENDING)) {
            ResultMeta meta = new ResultMeta("t", state, Map.of("pid", 7), null, List.of(), now, null, null, null);
            assertThat(ResultMetaCodec.encode(meta)).contains("\"date_done\": null");
        }
    }

    @Test
    void leavesOutEmptyGroupAndParentIdsAsPythonDoes() {
        ResultMeta meta = new ResultMeta("t", TaskState.STARTED, Map.of(), null, List.of(), null, "", "", null);
        assertThat(ResultMetaCodec.encode(meta)).isEqualTo("{\"status\": \"STARTED\", \"result\": {}, "
                + "\"traceback\": null, \"children\": [], \"date_done\": null, \"task_id\": \"t\"}");
    }

    @Test
    void readsNaiveZuluAndOffsetDates() {
        Instant expected = Instant.parse("2026-11-24T05:18:53.260799Z");
        for (String date : List.of("2026-11-24T05:18:53.260799", "2026-11-24T05:18:53.260799Z",
                "2026-11-24T05:18:53.260799+00:00", "2026-11-24T06:18:53.260799+01:00")) {
            String json = "{\"status\": \"SUCCESS\", \"result\": 1, \"traceback\": null, \"children\": [], "
                    + "\"date_done\": \"" + date + "\", \"task_id\": \"t\"}";
            assertThat(ResultMetaCodec.decode(json).dateDone()).as(date).isEqualTo(expected);
        }
    }

    @Test
    void readsExceptionDictsOfExceptionStatesOnly() {
        ResultMeta failure = ResultMetaCodec.decode("{\"status\": \"FAILURE\", \"result\": {\"exc_type\": "
                + "\"NullPointerException\", \"exc_message\": \"npe\"}, \"traceback\": null, \"children\": [], "
                + "\"date_done\": null, \"task_id\": \"t\"}");
        assertThat(failure.result()).isEqualTo(new ExceptionInfo("NullPointerException", List.of("npe"), null));
        ResultMeta success = ResultMetaCodec.decode("{\"status\": \"SUCCESS\", \"result\": {\"exc_type\": \"x\"}, "
                + "\"traceback\": null, \"children\": [], \"date_done\": null, \"task_id\": \"t\"}");
        assertThat(success.result()).isEqualTo(Map.of("exc_type", "x"));
    }

    @Test
    void readsTheStartedMetaOfAnExtendedResult() {
        String python = "{\"status\": \"STARTED\", \"result\": {\"pid\": 7336, \"hostname\": \"research2@vm\"}, "
                + "\"traceback\": null, \"children\": [], \"date_done\": null, \"name\": \"research_app.sleeper\", "
                + "\"args\": [2], \"kwargs\": {}, \"worker\": \"research2@vm\", \"retries\": 0, \"queue\": "
                + "\"research_q2\", \"task_id\": \"dba86ef9\"}";
        ResultMeta meta = ResultMetaCodec.decode(python);
        assertThat(meta.extended()).isEqualTo(new ResultMeta.Extended("research_app.sleeper", List.of(2), Map.of(),
                "research2@vm", 0, "research_q2"));
        assertThat(ResultMetaCodec.encode(meta)).isEqualTo(python);
    }
}
