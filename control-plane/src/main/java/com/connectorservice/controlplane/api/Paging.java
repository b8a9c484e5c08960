package com.connectorservice.controlplane.api;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** Checks the {@code page} and {@code size} query parameters shared by every list endpoint. */
public final class Paging {

    public static final int MAX_SIZE = 500;

    private Paging() {
    }

    public static PageRequest of(int page, int size, Sort sort) {
        if (page < 0) {
            throw ApiException.badRequest("page", "page.min", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badRequest("size", "size.range", "size must be between 1 and " + MAX_SIZE);
        }
        // the database addresses rows with an int offset: a page beyond it holds nothing any list could reach
        if ((long) page * size > Integer.MAX_VALUE) {
            throw ApiException.badRequest("page", "page.range", "page must be at most " + (Integer.MAX_VALUE / size)
                    + " with size " + size + ", got " + page);
        }
        return PageRequest.of(page, size, sort);
    }
}
