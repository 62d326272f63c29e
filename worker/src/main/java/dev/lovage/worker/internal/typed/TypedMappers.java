package dev.lovage.worker.internal.typed;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The two Jackson mappers of typed tasks, each built once. Arguments: strict about scalars (no str→int, float→int or
 * bool↔number coercion), dates kept at their offset, unknown record fields rejected. Results: the kombu types
 * (datetime, Decimal, UUID, bytes) inside records stay Java objects, so the result encoder writes them as kombu's
 * typed JSON and a Python client gets a {@code datetime}, not a string.
 */
public final class TypedMappers {
    private static final ObjectMapper ARGUMENTS = arguments0();
    private static final ObjectMapper RESULTS = results0();

    private TypedMappers() {
    }

    /** The mapper that converts argument values to parameter types. */
    static ObjectMapper arguments() {
        return ARGUMENTS;
    }

    /** The mapper that turns records and POJOs returned by tasks into maps and lists. */
    static ObjectMapper results() {
        return RESULTS;
    }

    private static ObjectMapper arguments0() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (LogicalType target : List.of(LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean)) {
            mapper.coercionConfigFor(target)
                    .setCoercion(CoercionInputShape.Integer, target == LogicalType.Integer
                            || target == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, target == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, target == LogicalType.Boolean
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, target == LogicalType.Textual
                            ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        return mapper;
    }

    private static ObjectMapper results0() {
        SimpleModule passThrough = new SimpleModule("lovage-kombu-types");
        for (Class<?> type : List.of(OffsetDateTime.class, ZonedDateTime.class, Instant.class, LocalDateTime.class,
                LocalDate.class, LocalTime.class, OffsetTime.class, UUID.class, BigDecimal.class)) {
            addEmbedded(passThrough, type);
        }
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(passThrough)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    private static <T> void addEmbedded(SimpleModule module, Class<T> type) {
        module.addSerializer(type, new StdSerializer<T>(type) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeEmbeddedObject(value);
            }
        });
    }
}
