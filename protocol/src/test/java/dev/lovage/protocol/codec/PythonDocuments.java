package dev.lovage.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The result documents Python Celery 5.2.6 wrote, from the captures in src/test/resources/results-celery-5.2.6. */
final class PythonDocuments {
    static final List<String> SCENARIOS = List.of("add_success", "failure", "retry", "retry_exhausted", "chain",
            "chord", "chord_header_failure", "link_errback");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAIVE_DATE = Pattern.compile("(\"date_done\": \"[0-9T:.-]+)\"");

    private PythonDocuments() {
    }

    /** Every {@code celery-task-meta-*} value of a scenario, raw, in snapshot order. */
    static List<String> of(String scenario) {
        List<String> docs = new ArrayList<>();
        try (InputStream in = PythonDocuments.class.getResourceAsStream("/results-celery-5.2.6/" + scenario + ".json")) {
            for (JsonNode snapshot : JSON.readTree(in).get("snapshots")) {
                Iterator<Map.Entry<String, JsonNode>> keys = snapshot.get("keys").fields();
                while (keys.hasNext()) {
                    Map.Entry<String, JsonNode> e = keys.next();
                    if (e.getKey().startsWith("celery-task-meta-")) {
                        docs.add(e.getValue().get("raw").asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** The first document of a scenario whose status is {@code status}. */
    static String first(String scenario, String status) {
        return of(scenario).stream().filter(d -> d.startsWith("{\"status\": \"" + status + "\""))
                .findFirst().orElseThrow();
    }

    /** Celery 5.2's naive UTC date_done as Celery 5.5+ (and Lovage) write the same instant: with +00:00. */
    static String withAwareDate(String python) {
        return NAIVE_DATE.matcher(python).replaceAll("$1+00:00\"");
    }
}
