package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimaryKeyOrderTest {
    @Test
    void stringsCompareAsUtf8Bytes() {
        List<String> samples = List.of("", "a", "ab", "b", "Z", "é", "\uFFFD", "\uE000", "😀", "😀a", "\uD83D\uDE01",
                "中文", "a\u0000");
        for (String a : samples) {
            for (String b : samples) {
                int expected = Integer.signum(Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                        b.getBytes(StandardCharsets.UTF_8)));
                int actual = Integer.signum(PrimaryKeyOrder.compareValues(PrimaryKeyValue.fromString(a),
                        PrimaryKeyValue.fromString(b)));
                assertThat(actual).as("%s vs %s", a, b).isEqualTo(expected);
            }
        }
    }

    @Test
    void infinitiesBoundEveryValue() {
        assertThat(PrimaryKeyOrder.compareValues(PrimaryKeyValue.INF_MIN, PrimaryKeyValue.fromLong(Long.MIN_VALUE)))
                .isNegative();
        assertThat(PrimaryKeyOrder.compareValues(PrimaryKeyValue.INF_MAX, PrimaryKeyValue.fromBinary(new byte[] {-1})))
                .isPositive();
        assertThat(PrimaryKeyOrder.compareValues(PrimaryKeyValue.fromBinary(new byte[] {-1}),
                PrimaryKeyValue.fromBinary(new byte[] {1}))).as("binary is unsigned").isPositive();
    }
}
