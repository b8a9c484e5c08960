package com.connectorservice.contracts.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Format;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Mode;

class MaxComputeSinkSpecTest {

    private static Map<String, String> config(Mode mode, Format format) {
        Map<String, String> props = new HashMap<>(Map.of(MaxComputeSinkSpec.ENDPOINT, "http://mc/api",
                MaxComputeSinkSpec.PROJECT, "p", MaxComputeSinkSpec.TABLE, "t", MaxComputeSinkSpec.ACCESS_ID, "id",
                MaxComputeSinkSpec.ACCESS_KEY, "secret"));
        props.put(MaxComputeSinkSpec.MODE, mode.name());
        props.put(MaxComputeSinkSpec.FORMAT, format.name().toLowerCase());
        return props;
    }

    @Test
    void theFormatsAModeAllowsAreExactlyTheOnesItsRulesAccept() {
        for (Mode mode : Mode.values()) {
            for (Format format : Format.values()) {
                List<ConfigProblem> problems = MaxComputeSinkSpec.problems(config(mode, format));
                assertThat(problems.isEmpty()).as("%s with %s", mode, format)
                        .isEqualTo(MaxComputeSinkSpec.formatsAllowedWith(mode).contains(format));
            }
        }
        assertThat(MaxComputeSinkSpec.problems(config(Mode.DEFAULT, Format.CSV))).singleElement()
                .satisfies(problem -> assertThat(problem.describe()).startsWith("format: mode DEFAULT")
                        .contains("TEXT or BINARY"));
    }

    @Test
    void aKeyWithItsOwnErrorIsNotBlamedAgainForARuleBetweenKeys() {
        Map<String, String> props = config(Mode.DEFAULT, Format.TEXT);
        props.put(MaxComputeSinkSpec.FORMAT, "XML");
        props.put(MaxComputeSinkSpec.ACCOUNT_TYPE, "STS");
        List<ConfigProblem> problems = MaxComputeSinkSpec.problems(props);
        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder(MaxComputeSinkSpec.FORMAT,
                MaxComputeSinkSpec.ACCOUNT_ID, MaxComputeSinkSpec.REGION_ID, MaxComputeSinkSpec.ROLE_NAME,
                MaxComputeSinkSpec.STS_ENDPOINT);
        assertThat(problems.get(0).message()).contains("TEXT, BINARY, CSV, JSON, FLATTEN");
    }
}
