package com.connectorservice.controlplane.failedrecord;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Bytes of a key, value or header for a person to read: the text when they are UTF-8, else lowercase hex; never
 * quoted-printable nor a lossy decoding. At most {@link #SHOWN_BYTES} are shown.
 *
 * @param encoding {@code NULL} (no bytes at all), {@code UTF8} or {@code HEX}
 * @param text     the shown bytes in that encoding; null for {@code NULL}
 * @param size     how many bytes there are
 * @param cut      true when only the first {@link #SHOWN_BYTES} are shown
 */
public record RecordData(@Schema(requiredMode = REQUIRED) Encoding encoding, String text, @Schema(requiredMode = REQUIRED) int size,
        @Schema(requiredMode = REQUIRED) boolean cut) {

    public static final int SHOWN_BYTES = 8 * 1024;

    public enum Encoding { NULL, UTF8, HEX }

    static RecordData of(byte[] bytes) {
        if (bytes == null) {
            return new RecordData(Encoding.NULL, null, 0, false);
        }
        boolean cut = bytes.length > SHOWN_BYTES;
        byte[] shown = cut ? Arrays.copyOf(bytes, SHOWN_BYTES) : bytes;
        String text = utf8(shown, cut);
        return text != null ? new RecordData(Encoding.UTF8, text, bytes.length, cut)
                : new RecordData(Encoding.HEX, HexFormat.of().formatHex(shown), bytes.length, cut);
    }

    /** The text, or null when the bytes are not UTF-8 (a cut may split the last character: up to 3 bytes dropped). */
    private static String utf8(byte[] bytes, boolean cut) {
        for (int drop = 0; drop <= (cut ? 3 : 0) && drop < bytes.length + 1; drop++) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, bytes.length - drop)).toString();
            } catch (CharacterCodingException e) {
                // try without a split last character
            }
        }
        return null;
    }
}
