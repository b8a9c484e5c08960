package com.connectorservice.controlplane.api;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import com.connectorservice.contracts.text.StorableText;

/**
 * JSON is read as written, never guessed at: a value of the wrong type is an error, not coerced ({@code 5} for a
 * string, {@code "6"} or {@code 6.5} for an integer, {@code "yes"} for a boolean); a key given twice is an error, not
 * "the last one wins"; enum values are the documented capitals, not numbers; text holds no NUL character and no unpaired
 * surrogate (PostgreSQL stores neither); a body is at most {@link #MAX_BODY_BYTES}. Every refusal carries the JSON
 * path of the value, so {@link ApiExceptionHandler} can name the field.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    /** Large enough for a test message of a topic that takes several MiB, small enough to refuse a flood early. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    @Bean
    JsonFactoryBuilderCustomizer strictJsonParsing() {
        return factory -> factory.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(MAX_BODY_BYTES)
                        .maxStringLength(MAX_BODY_BYTES).build());
    }

    @Bean
    JsonMapperBuilderCustomizer strictJsonTypes() {
        SimpleModule text = new SimpleModule("strict-text");
        text.addDeserializer(String.class, new TextDeserializer());
        text.addKeyDeserializer(String.class, new TextKeyDeserializer());
        return mapper -> mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS, MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // an enum's position in our source is no name a user wrote: 1 for offsetReset read as LATEST
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .withCoercionConfig(LogicalType.Textual, coercion -> coercion
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(text);
    }

    static final class TextDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = super.deserialize(parser, context);
            String problem = value == null ? null : StorableText.problem(value);
            if (problem != null) {
                throw InvalidFormatException.from(parser, "text " + problem, value, String.class);
            }
            return value;
        }
    }

    static final class TextKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            String problem = StorableText.problem(key);
            if (problem != null) {
                throw InvalidFormatException.from(context.getParser(), "key " + problem, key, String.class);
            }
            return key;
        }
    }
}
