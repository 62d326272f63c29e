package dev.lovage.protocol.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.luben.zstd.ZstdInputStream;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.brotli.dec.BrotliInputStream;
import org.msgpack.jackson.dataformat.MessagePackFactory;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The serializers and compressions whose libraries are optional dependencies of lovage-protocol: msgpack, YAML,
 * bzip2, lzma/xz, brotli and zstd. Each library is touched only inside its own holder class, so the JVM loads it when
 * a message first needs it; without the jar that message is refused, naming what to add, and nothing else changes.
 * JSON, zlib and gzip need nothing beyond Jackson and the JDK.
 */
final class OptionalCodecs {
    private static final int XZ_MEMORY_LIMIT_KIB = 64 * 1024;

    private OptionalCodecs() {
    }

    /** The library a serializer or compression needs, as Maven coordinates, or null when none is needed. */
    static String artifactFor(String what) {
        return switch (what) {
            case Serializers.MSGPACK -> "org.msgpack:jackson-dataformat-msgpack";
            case Serializers.YAML -> "com.fasterxml.jackson.dataformat:jackson-dataformat-yaml";
            case "bzip2" -> "org.apache.commons:commons-compress";
            case "lzma" -> "org.tukaani:xz";
            case "brotli" -> "org.brotli:dec";
            case "zstd" -> "com.github.luben:zstd-jni";
            default -> throw new IllegalArgumentException(what);
        };
    }

    /** True when the library for {@code what} (see {@link #artifactFor}) is on the classpath. */
    static boolean available(String what) {
        String marker = switch (what) {
            case Serializers.MSGPACK -> "org.msgpack.jackson.dataformat.MessagePackFactory";
            case Serializers.YAML -> "com.fasterxml.jackson.dataformat.yaml.YAMLFactory";
            case "bzip2" -> "org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream";
            case "lzma" -> "org.tukaani.xz.XZInputStream";
            case "brotli" -> "org.brotli.dec.BrotliInputStream";
            case "zstd" -> "com.github.luben.zstd.ZstdInputStream";
            default -> throw new IllegalArgumentException(what);
        };
        try {
            Class.forName(marker, false, OptionalCodecs.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static JsonFactory msgpack() {
        return load(Serializers.MSGPACK, () -> Msgpack.FACTORY);
    }

    static JsonFactory yaml() {
        return load(Serializers.YAML, () -> Yaml.FACTORY);
    }

    static InputStream bzip2(InputStream raw) throws IOException {
        return open("bzip2", () -> Bzip2.open(raw));
    }

    static InputStream xz(InputStream raw, boolean container) throws IOException {
        return open("lzma", () -> Xz.open(raw, container));
    }

    static InputStream brotli(InputStream raw) throws IOException {
        return open("brotli", () -> Brotli.open(raw));
    }

    static InputStream zstd(InputStream raw) throws IOException {
        return open("zstd", () -> Zstd.open(raw));
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private static InputStream open(String what, Opener opener) throws IOException {
        try {
            return opener.open();
        } catch (NoClassDefFoundError e) {
            throw missing(what, e);
        }
    }

    private static <T> T load(String what, Supplier<T> holder) {
        try {
            return holder.get();
        } catch (NoClassDefFoundError | ExceptionInInitializerError e) {
            throw missing(what, e);
        }
    }

    private static ProtocolException missing(String what, Throwable cause) {
        return new ProtocolException(Reason.DECODE_ERROR, "cannot decode " + what + ": its library ("
                + artifactFor(what) + ") is not on the classpath; it is an optional dependency of lovage-protocol",
                cause);
    }

    private static final class Msgpack {
        static final JsonFactory FACTORY = new MessagePackFactory();
    }

    private static final class Yaml {
        static final JsonFactory FACTORY = YAMLFactory.builder().streamReadConstraints(Serializers.LIMITS).build();
    }

    private static final class Bzip2 {
        static InputStream open(InputStream raw) throws IOException {
            return new BZip2CompressorInputStream(raw, true);
        }
    }

    private static final class Xz {
        static InputStream open(InputStream raw, boolean container) throws IOException {
            return container ? new XZInputStream(raw, XZ_MEMORY_LIMIT_KIB) : new LZMAInputStream(raw,
                    XZ_MEMORY_LIMIT_KIB);
        }
    }

    private static final class Brotli {
        static InputStream open(InputStream raw) throws IOException {
            return new BrotliInputStream(raw);
        }
    }

    private static final class Zstd {
        static InputStream open(InputStream raw) throws IOException {
            return new ZstdInputStream(raw);
        }
    }
}
