package dev.lovage.protocol.internal;

import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Undoes kombu's {@code compression} header (kombu/compression.py). The header holds a MIME type, but kombu's
 * decoder also takes the aliases, so both are accepted. Output is streamed and capped, so a compression bomb fails
 * as soon as it passes the limit instead of filling the heap. Stateless.
 */
public final class Compression {
    private Compression() {
    }

    /**
     * The decompressed body.
     *
     * @param method   the {@code compression} header: a MIME type or a kombu alias, any case
     * @param maxBytes the most bytes the output may have
     * @throws ProtocolException TOO_LARGE as soon as the output passes {@code maxBytes}; DECODE_ERROR naming the
     *         method for an unknown method or a corrupt stream
     */
    public static byte[] decompress(String method, byte[] body, long maxBytes) {
        String name = method.trim().toLowerCase(Locale.ROOT);
        try (InputStream in = open(name, body)) {
            return readCapped(in, maxBytes, name);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProtocolException p) {
                throw p;
            }
            throw new ProtocolException(Reason.DECODE_ERROR,
                    "cannot decompress the body with '" + method + "': " + e.getMessage(), e);
        }
    }

    /**
     * The decompressed body as a stream, for a parser to read as it inflates: a bomb is refused by the parser's own
     * limits (or this cap) after the little it read, instead of after inflating up to {@code maxBytes}.
     *
     * @return a stream that throws {@link ProtocolException} TOO_LARGE once more than {@code maxBytes} were read, and
     *         DECODE_ERROR naming the method for a corrupt stream (also unchecked, so parsers pass it through)
     * @throws ProtocolException DECODE_ERROR for an unknown method
     */
    public static InputStream stream(String method, byte[] body, long maxBytes) {
        String name = method.trim().toLowerCase(Locale.ROOT);
        try {
            return new Capped(open(name, body), maxBytes, name);
        } catch (IOException e) {
            throw new ProtocolException(Reason.DECODE_ERROR,
                    "cannot decompress the body with '" + method + "': " + e.getMessage(), e);
        }
    }

    /** Counts what passes; turns the decompressor's failures into ProtocolExceptions. */
    private static final class Capped extends FilterInputStream {
        private final long max;
        private final String method;
        private long total;

        Capped(InputStream in, long max, String method) {
            super(in);
            this.max = max;
            this.method = method;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                if (e instanceof ProtocolException p) {
                    throw p;
                }
                throw new ProtocolException(Reason.DECODE_ERROR,
                        "cannot decompress the body with '" + method + "': " + e.getMessage(), e);
            }
            if (n > 0 && (total += n) > max) {
                throw new ProtocolException(Reason.TOO_LARGE, "the body decompressed with '" + method
                        + "' is larger than the limit of " + max + " bytes (worker_max_body_size)");
            }
            return n;
        }
    }

    /**
     * Up to the first {@code n} bytes of the decompressed body, or none when it cannot be decompressed (then
     * {@link #decompress} says why). Inflates no more than it returns.
     */
    public static byte[] head(String method, byte[] body, int n) {
        try (InputStream in = open(method.trim().toLowerCase(Locale.ROOT), body)) {
            return in.readNBytes(n);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    private static InputStream open(String name, byte[] body) throws IOException {
        InputStream raw = new ByteArrayInputStream(body);
        return switch (name) {
            // Mirrors kombu/compression.py: every gzip name is zlib.compress output (RFC 1950); a real gzip member
            // (1f 8b) is read too. lzma/xz is lzma.compress, an .xz container; a raw .lzma stream is read too.
            case "application/x-gzip", "zlib", "gzip", "application/gzip" -> isGzip(body)
                    ? new GZIPInputStream(raw) : new InflaterInputStream(raw);
            case "application/x-bz2", "bzip2", "bzip", "bz2" -> OptionalCodecs.bzip2(raw);
            case "application/x-lzma", "lzma", "xz", "application/x-xz" -> OptionalCodecs.xz(raw, isXz(body));
            case "application/x-brotli", "brotli", "br" -> OptionalCodecs.brotli(raw);
            case "application/zstd", "zstd", "zstandard", "application/x-zstd" -> OptionalCodecs.zstd(raw);
            default -> throw new ProtocolException(Reason.DECODE_ERROR, "unknown compression '" + name
                    + "'; supported: zlib/gzip (application/x-gzip), bzip2 (application/x-bz2), lzma/xz"
                    + " (application/x-lzma), brotli (application/x-brotli), zstd (application/zstd)");
        };
    }

    private static boolean isGzip(byte[] b) {
        return b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    private static boolean isXz(byte[] b) {
        return b.length > 6 && (b[0] & 0xff) == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X' && b[4] == 'Z';
    }

    static byte[] readCapped(InputStream in, long maxBytes, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw new ProtocolException(Reason.TOO_LARGE, "the body decompressed with '" + what
                        + "' is larger than the limit of " + maxBytes + " bytes (worker_max_body_size)");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
