package com.connectorservice.sink.tablestore;

import java.util.HashMap;
import java.util.Map;

import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;

/** Sink configurations for tests that need no running Tablestore. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** A valid configuration with the given key/value pairs on top. */
    public static TablestoreSinkConfig config(String... settings) {
        Map<String, String> props = new HashMap<>(Map.of(
                TablestoreSinkSpec.ENDPOINT, "http://127.0.0.1:1",
                TablestoreSinkSpec.INSTANCE_NAME, "i",
                TablestoreSinkSpec.ACCESS_KEY_ID, "ak",
                TablestoreSinkSpec.ACCESS_KEY_SECRET, "sk"));
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        return new TablestoreSinkConfig(props);
    }
}
