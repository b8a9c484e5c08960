package com.connectorservice.controlplane.api;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

import io.swagger.v3.oas.annotations.media.Schema;

/** A page of results with the numbers a list view needs. */
public record PageResponse<T>(@Schema(requiredMode = REQUIRED) List<T> items, @Schema(requiredMode = REQUIRED) int page,
        @Schema(requiredMode = REQUIRED) int size, @Schema(requiredMode = REQUIRED) long totalItems,
        @Schema(requiredMode = REQUIRED) int totalPages) {

    public static <E, T> PageResponse<T> of(Page<E> page, Function<E, T> mapper) {
        return new PageResponse<>(page.getContent().stream().map(mapper).toList(), page.getNumber(), page.getSize(),
                page.getTotalElements(), page.getTotalPages());
    }
}
