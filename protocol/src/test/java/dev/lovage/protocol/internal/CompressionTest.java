package dev.lovage.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.lovage.protocol.ProtocolException;
import dev.lovage.protocol.ProtocolException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;
import org.tukaani.xz.XZOutputStream;

final class CompressionTest {
    private static final String BODY = "[[2, 3], {}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, "
            + "\"chord\": null}]";
    private static final byte[] PLAIN = BODY.getBytes(StandardCharsets.UTF_8);
    // Made from BODY with Python's brotli 1.2 and zstandard 0.25 packages, which kombu uses.
    private static final byte[] PY_BROTLI = Base64.getDecoder().decode(
            "G1AA4MXOlqpdlmhSNY1su48/Tjng5oEH4HmQZnTSwwYcRBIGy5ppKl74F5T2EJfuw5DySgcuu1c=");
    private static final byte[] PY_ZSTD = Base64.getDecoder().decode(
            "KLUv/SBR9QEAFANbWzIsIDNdLCB7fSwgeyJjYWxsYmFja3MiOiBudWxsLCAiZXJyY2hhaW5jaG9yZH1dAwAysyZq061uPgE=");
    private static final long LIMIT = 1 << 20;

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] data, Compressor c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.wrap(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] zlib(byte[] data) {
        return compress(data, out -> new DeflaterOutputStream(out, new Deflater(9)));
    }

    private static byte[] bz2(byte[] data) {
        return compress(data, BZip2CompressorOutputStream::new);
    }

    private static byte[] xz(byte[] data) {
        return compress(data, out -> new XZOutputStream(out, new LZMA2Options()));
    }

    private static void assertDecodes(byte[] compressed, String... names) {
        for (String name : names) {
            assertThat(Compression.decompress(name, compressed, LIMIT)).as(name).isEqualTo(PLAIN);
        }
    }

    private static void assertRefused(Reason reason, String message, String method, byte[] body, long limit) {
        assertThatThrownBy(() -> Compression.decompress(method, body, limit)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ProtocolException) e).reason()).isEqualTo(reason));
    }

    @Test
    void zlibUnderEveryKombuNameAndGzipMembersToo() {
        assertDecodes(zlib(PLAIN), "application/x-gzip", "zlib", "gzip", " Application/X-GZIP ");
        assertDecodes(compress(PLAIN, GZIPOutputStream::new), "application/x-gzip", "gzip");
    }

    @Test
    void bzip2UnderEveryKombuName() {
        assertDecodes(bz2(PLAIN), "application/x-bz2", "bzip2", "bzip");
        // Python's bz2.decompress reads concatenated streams.
        byte[] half = BODY.substring(0, 10).getBytes(StandardCharsets.UTF_8);
        byte[] rest = BODY.substring(10).getBytes(StandardCharsets.UTF_8);
        byte[] a = bz2(half);
        byte[] b = bz2(rest);
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertDecodes(both, "bzip2");
    }

    @Test
    void lzmaAsAnXzContainerOrARawLzmaStream() {
        assertDecodes(xz(PLAIN), "application/x-lzma", "lzma", "xz");
        assertDecodes(compress(PLAIN, out -> new LZMAOutputStream(out, new LZMA2Options(), -1)), "lzma");
    }

    @Test
    void brotliAndZstdAsPythonsPackagesWriteThem() {
        assertDecodes(PY_BROTLI, "application/x-brotli", "brotli");
        assertDecodes(PY_ZSTD, "application/zstd", "zstd", "zstandard");
        assertDecodes(Zstd.compress(PLAIN), "application/zstd");
    }

    @Test
    void namesTheMethodOfAnUnknownOrCorruptStream() {
        assertRefused(Reason.DECODE_ERROR, "unknown compression 'snappy'", "snappy", PLAIN, LIMIT);
        for (String method : List.of("application/x-gzip", "application/x-bz2", "application/x-lzma",
                "application/x-brotli", "application/zstd")) {
            assertRefused(Reason.DECODE_ERROR, "cannot decompress the body with '" + method + "'", method, PLAIN,
                    LIMIT);
        }
        byte[] z = zlib(PLAIN);
        assertRefused(Reason.DECODE_ERROR, "with 'zlib'", "zlib", Arrays.copyOf(z, z.length / 2), LIMIT);
        byte[] zs = Zstd.compress(PLAIN);
        assertRefused(Reason.DECODE_ERROR, "with 'zstd'", "zstd", Arrays.copyOf(zs, zs.length - 4), LIMIT);
    }

    @Test
    void theLimitIsOnTheDecompressedSize() {
        assertThat(Compression.decompress("zlib", zlib(PLAIN), PLAIN.length)).isEqualTo(PLAIN);
        assertRefused(Reason.TOO_LARGE, "larger than the limit of " + (PLAIN.length - 1), "zlib", zlib(PLAIN),
                PLAIN.length - 1);
    }

    @Test
    @Timeout(20)
    void bombsStopAtTheLimitWhateverTheMethod() {
        byte[] zeros = new byte[12 * 1024 * 1024];
        for (Object[] bomb : List.of(new Object[] {"zlib", zlib(zeros)}, new Object[] {"bzip2", bz2(zeros)},
                new Object[] {"xz", xz(zeros)}, new Object[] {"zstd", Zstd.compress(zeros)})) {
            byte[] body = (byte[]) bomb[1];
            assertThat(body.length).as((String) bomb[0]).isLessThan(zeros.length / 100);
            assertRefused(Reason.TOO_LARGE, "larger than the limit of 1048576 bytes", (String) bomb[0], body, LIMIT);
        }
    }
}
