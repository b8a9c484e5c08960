package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.InflaterInputStream;

import org.xerial.snappy.SnappyFramedInputStream;

import com.connectorservice.emulator.maxcompute.ServiceException;

import net.jpountz.lz4.LZ4FrameInputStream;

/** Undoes the tunnel's Content-Encoding: deflate (zlib), x-snappy-framed, x-lz4-frame, or none. */
final class Compression {

    private Compression() {
    }

    static InputStream decode(String contentEncoding, InputStream body) throws IOException {
        if (contentEncoding == null || contentEncoding.isBlank()) {
            return body;
        }
        return switch (contentEncoding.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "deflate" -> new InflaterInputStream(body);
            case "x-snappy-framed" -> new SnappyFramedInputStream(body, true);
            case "x-lz4-frame" -> new LZ4FrameInputStream(body);
            default -> throw ServiceException.badRequest("UnsupportedCompression",
                    "Content-Encoding '" + contentEncoding + "' is not supported; use deflate, x-snappy-framed, "
                            + "x-lz4-frame or none");
        };
    }
}
