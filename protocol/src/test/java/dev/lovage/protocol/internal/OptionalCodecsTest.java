package dev.lovage.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The protocol module on a classpath without its optional codecs (what a user who needs only JSON carries): JSON and
 * zlib still decode; msgpack, YAML and the other compressions are refused naming the artifact to add.
 */
final class OptionalCodecsTest {
    private static final List<String> OPTIONAL = List.of("jackson-dataformat-msgpack", "msgpack-core",
            "jackson-dataformat-yaml", "snakeyaml", "commons-compress", "/xz-", "zstd-jni", "/dec-");

    @Test
    void aJsonOnlyClasspathDecodesJsonAndNamesTheMissingLibraries() throws Exception {
        try (URLClassLoader jsonOnly = new URLClassLoader(classpathWithout(OPTIONAL),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> serializers = jsonOnly.loadClass(Serializers.class.getName());
            Method missing = serializers.getMethod("missingLibrary", String.class);
            assertThat(missing.invoke(null, "json")).isNull();
            assertThat(missing.invoke(null, "yaml")).isEqualTo("com.fasterxml.jackson.dataformat:jackson-dataformat-yaml");
            assertThat(missing.invoke(null, "application/x-msgpack")).isEqualTo("org.msgpack:jackson-dataformat-msgpack");

            Method decompress = jsonOnly.loadClass(Compression.class.getName())
                    .getMethod("decompress", String.class, byte[].class, long.class);
            assertThat(new String((byte[]) decompress.invoke(null, "zlib", zlib("[1]"), 1000L),
                    StandardCharsets.UTF_8)).isEqualTo("[1]");
            assertThat(refusal(() -> decompress.invoke(null, "application/zstd", new byte[] {1, 2, 3}, 1000L)))
                    .contains("com.github.luben:zstd-jni").contains("optional dependency");

            Class<?> limits = jsonOnly.loadClass(Serializers.Limits.class.getName());
            Object bounds = limits.getConstructor(int.class, long.class).newInstance(10, 100L);
            Method read = serializers.getMethod("read", String.class, String.class, byte[].class, limits);
            assertThat(read.invoke(null, "application/json", "utf-8", "[1, 2]".getBytes(StandardCharsets.UTF_8),
                    bounds)).isEqualTo(List.of(1, 2));
            assertThat(refusal(() -> read.invoke(null, "application/x-yaml", "utf-8",
                    "- 1".getBytes(StandardCharsets.UTF_8), bounds)))
                    .contains("com.fasterxml.jackson.dataformat:jackson-dataformat-yaml");
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static String refusal(Call call) throws Exception {
        try {
            call.run();
        } catch (InvocationTargetException e) {
            assertThat(e.getCause().getClass().getName()).isEqualTo("dev.lovage.protocol.ProtocolException");
            return e.getCause().getMessage();
        }
        throw new AssertionError("expected a ProtocolException");
    }

    private static URL[] classpathWithout(List<String> optional) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = entry.replace('\\', '/');
            if (optional.stream().noneMatch(path::contains)) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static byte[] zlib(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

}
