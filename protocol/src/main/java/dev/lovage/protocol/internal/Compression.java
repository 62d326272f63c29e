package dev.lovage.protocol.internal;

import com.github.luben.zstd.ZstdInputStream;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.brotli.dec.BrotliInputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Undoes kombu's {@code compression} header (kombu/compression.py). The header holds a MIME type, but kombu's
 * decoder also takes the aliases, so both are accepted. Output is streamed and capped, so a compression bomb fails
 * as soon as it passes the limit instead of filling the heap. Stateless.
 */
public final class Compression {
    private static final int XZ_MEMORY_LIMIT_KIB = 64 * 1024;

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

    private static InputStream open(String name, byte[] body) throws IOException {
        InputStream raw = new ByteArrayInputStream(body);
        return switch (name) {
            // Mirrors kombu/compression.py: every gzip name is zlib.compress output (RFC 1950); a real gzip member
            // (1f 8b) is read too. lzma/xz is lzma.compress, an .xz container; a raw .lzma stream is read too.
            case "application/x-gzip", "zlib", "gzip", "application/gzip" -> isGzip(body)
                    ? new GZIPInputStream(raw) : new InflaterInputStream(raw);
            case "application/x-bz2", "bzip2", "bzip", "bz2" -> new BZip2CompressorInputStream(raw, true);
            case "application/x-lzma", "lzma", "xz", "application/x-xz" -> isXz(body)
                    ? new XZInputStream(raw, XZ_MEMORY_LIMIT_KIB) : new LZMAInputStream(raw, XZ_MEMORY_LIMIT_KIB);
            case "application/x-brotli", "brotli", "br" -> new BrotliInputStream(raw);
            case "application/zstd", "zstd", "zstandard", "application/x-zstd" -> new ZstdInputStream(raw);
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
