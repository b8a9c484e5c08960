package com.connectorservice.controlplane;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

import com.connectorservice.contracts.connector.ConnectorNames;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.controlplane.api.ProblemResponses;
import com.connectorservice.controlplane.api.RuleCatalogue;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.LiveChanges;
import com.connectorservice.controlplane.connector.SourceSettings;
import com.connectorservice.syncjob.mapping.KafkaField;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The public OpenAPI document ({@code /v3/api-docs}), which the console's client and types are generated from: every
 * operation with its stable id, real success status and each error as problem+json; the agent protocol is not part of
 * it. The rules the console checks as the user types travel in it too ({@code x-connector-service}), taken from the
 * contracts the server checks them with, so the console holds no copy of them.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";
    static final String FIELD_VIOLATION = "FieldViolation";
    static final String CONTRACT_EXTENSION = "x-connector-service";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI connectorServiceApi() {
        return new OpenAPI()
                .info(new Info().title("Connector service control plane").version("v1")
                        .description("Kafka instances, connector definitions, validation, provisioning, test messages, audit."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                        .addSchemas(FIELD_VIOLATION, fieldViolation())
                        .addSchemas(PROBLEM, problem()))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** 401 and 403 on every operation, and the statuses its {@link ProblemResponses} names, as problem+json. */
    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handlerMethod) -> {
            ProblemResponses declared = handlerMethod.getMethodAnnotation(ProblemResponses.class);
            int[] statuses = IntStream.concat(IntStream.of(401, 403),
                    declared == null ? IntStream.empty() : Arrays.stream(declared.value())).sorted().distinct().toArray();
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            for (int status : statuses) {
                responses.addApiResponse(String.valueOf(status), new ApiResponse()
                        .description(HttpStatus.valueOf(status).getReasonPhrase())
                        .content(new Content().addMediaType(PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
            }
            operation.setResponses(responses);
            return operation;
        };
    }

    /** The contract values the console needs beside the types (it checks them while the user types). */
    @Bean
    OpenApiCustomizer contractValues() {
        return openApi -> openApi.addExtension(CONTRACT_EXTENSION, contract());
    }

    static Map<String, Object> contract() {
        Map<String, Object> contract = new LinkedHashMap<>();
        contract.put("connectorName", Map.of("maxLength", ConnectorNames.MAX_LENGTH, "pattern", ConnectorNames.PATTERN));
        Map<String, String> defaultNamePrefixes = new TreeMap<>();
        for (ConnectorNames.Resource resource : ConnectorNames.Resource.values()) {
            if (resource.sourceField() != null) {
                defaultNamePrefixes.put(resource.sourceField(), resource.prefix());
            }
        }
        contract.put("defaultNamePrefixes", defaultNamePrefixes);
        contract.put("concurrencies", SourceSettings.CONCURRENCIES);
        contract.put("defaultConcurrency", SourceSettings.DEFAULT_CONCURRENCY);
        contract.put("maxReplicas", ConnectorDefinition.MAX_REPLICAS);
        contract.put("fixedWhileDeployed", LiveChanges.fixedWhileDeployed());
        Map<String, List<String>> formatsByMode = new LinkedHashMap<>();
        for (MaxComputeSinkSpec.Mode mode : MaxComputeSinkSpec.Mode.values()) {
            formatsByMode.put(mode.name(), MaxComputeSinkSpec.formatsAllowedWith(mode).stream().map(Enum::name).toList());
        }
        contract.put("maxCompute", Map.of("formatsByMode", formatsByMode,
                "defaultTimeZone", MaxComputeSinkSpec.TIME_ZONE_DEFAULT));
        contract.put("tablestore", Map.of("maxPrimaryKeyColumns", TablestoreSinkSpec.MAX_PRIMARY_KEY_COLUMNS));
        contract.put("ruleNames", RuleCatalogue.NAMES);
        contract.put("syncJob", Map.of("kafkaFields", Arrays.stream(KafkaField.values()).map(KafkaField::fieldName).toList()));
        return contract;
    }

    private static Schema<?> fieldViolation() {
        return new ObjectSchema()
                .description("One broken rule: the JSON path of the offending value and a stable rule id.")
                .addProperty("field", new StringSchema().nullable(true).example("destination.primaryKeyColumns[1].type"))
                .addProperty("rule", new StringSchema().example("destination.primaryKeyColumns.type.required"))
                .addProperty("message", new StringSchema())
                .addProperty("fix", new StringSchema().description("text to copy that repairs it, e.g. the DDL of a"
                        + " missing table"))
                .required(List.of("rule", "message"));
    }

    /** RFC 9457 problem details with the violations listed. */
    private static Schema<?> problem() {
        Schema<?> violations = new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + FIELD_VIOLATION));
        return new ObjectSchema()
                .description("RFC 9457 problem details; errors names each field at fault and the rule it breaks.")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", violations)
                .addProperty("warnings", violations)
                .required(List.of("status", "errors"));
    }
}
