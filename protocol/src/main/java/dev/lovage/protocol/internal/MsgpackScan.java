package dev.lovage.protocol.internal;

import java.io.IOException;

/**
 * Walks the first msgpack value of a body, checking every length it claims against the bytes that are there. The
 * msgpack parser allocates a string's or a binary's claimed length before reading it, so nine bytes claiming a
 * 2 GiB binary would otherwise cost 2 GiB (or an OutOfMemoryError); a claimed element count larger than the bytes
 * left is refused the same way. Reads no more than the value, allocates nothing. Stateless.
 */
final class MsgpackScan {
    private MsgpackScan() {
    }

    /**
     * Returns normally when the first value of {@code b} is complete as far as its lengths go.
     *
     * @throws IOException naming the first claim the body cannot back
     */
    static void check(byte[] b) throws IOException {
        long pending = 1;
        int pos = 0;
        while (pending > 0) {
            if (pos >= b.length) {
                throw new IOException("the msgpack body ends before its value does");
            }
            int f = b[pos++] & 0xff;
            pending--;
            long payload;
            long children = 0;
            if (f <= 0x7f || f >= 0xe0 || f == 0xc0 || f == 0xc2 || f == 0xc3) {
                payload = 0;
            } else if (f <= 0x8f) {
                children = 2L * (f & 0x0f);
                payload = 0;
            } else if (f <= 0x9f) {
                children = f & 0x0f;
                payload = 0;
            } else if (f <= 0xbf) {
                payload = f & 0x1f;
            } else {
                switch (f) {
                    case 0xc4, 0xd9 -> payload = length(b, pos, 1);
                    case 0xc5, 0xda -> payload = length(b, pos, 2);
                    case 0xc6, 0xdb -> payload = length(b, pos, 4);
                    case 0xc7 -> payload = length(b, pos, 1) + 1;
                    case 0xc8 -> payload = length(b, pos, 2) + 1;
                    case 0xc9 -> payload = length(b, pos, 4) + 1;
                    case 0xca, 0xce, 0xd2 -> payload = 4;
                    case 0xcb, 0xcf, 0xd3 -> payload = 8;
                    case 0xcc, 0xd0 -> payload = 1;
                    case 0xcd, 0xd1 -> payload = 2;
                    case 0xd4 -> payload = 2;
                    case 0xd5 -> payload = 3;
                    case 0xd6 -> payload = 5;
                    case 0xd7 -> payload = 9;
                    case 0xd8 -> payload = 17;
                    case 0xdc, 0xde -> {
                        children = length(b, pos, 2) * (f == 0xde ? 2 : 1);
                        payload = 0;
                    }
                    case 0xdd, 0xdf -> {
                        children = length(b, pos, 4) * (f == 0xdf ? 2 : 1);
                        payload = 0;
                    }
                    default -> throw new IOException("the msgpack body has the unused format byte 0xc1");
                }
                pos += prefix(f);
            }
            if (payload > b.length - pos) {
                throw new IOException("a msgpack value claims " + payload + " bytes but only " + (b.length - pos)
                        + " are left in the body");
            }
            pos += (int) payload;
            pending += children;
            if (pending > b.length - pos) {
                throw new IOException("a msgpack container claims " + pending + " values but only "
                        + (b.length - pos) + " bytes are left in the body");
            }
        }
    }

    // The bytes of the length field that follows the format byte (0 for fixed-size values).
    private static int prefix(int f) {
        return switch (f) {
            case 0xc4, 0xd9, 0xc7 -> 1;
            case 0xc5, 0xda, 0xc8, 0xdc, 0xde -> 2;
            case 0xc6, 0xdb, 0xc9, 0xdd, 0xdf -> 4;
            default -> 0;
        };
    }

    private static long length(byte[] b, int pos, int size) throws IOException {
        if (pos + size > b.length) {
            throw new IOException("the msgpack body ends inside a length");
        }
        long n = 0;
        for (int i = 0; i < size; i++) {
            n = (n << 8) | (b[pos + i] & 0xff);
        }
        return n;
    }
}
