package com.connectorservice.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import com.connectorservice.contracts.text.StorableText;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/** The one JSON mapper of the agent: tolerant readers, so the control plane can add fields without breaking old agents. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * Writes what the agent sends the control plane, with the text it cannot keep replaced ({@link StorableText}):
     * reports carry worker log lines, traces and errors, which hold whatever a record held.
     */
    public static final ObjectWriter TO_CONTROL_PLANE = MAPPER.copy()
            .registerModule(new SimpleModule("storable-text").addSerializer(String.class, new StorableTextSerializer()))
            .writer();

    private Json() {
    }

    /** Replaces {@code file} atomically with {@code value} as JSON, readable by the agent's user only. */
    public static void writeOwnerOnly(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), value);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static final class StorableTextSerializer extends StdSerializer<String> {

        StorableTextSerializer() {
            super(String.class);
        }

        @Override
        public void serialize(String value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(StorableText.storable(value));
        }
    }
}
