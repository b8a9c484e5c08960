package com.connectorservice.sink.tablestore;

import java.util.HashMap;
import java.util.Map;

import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;

/** Sink configurations for tests: against no running Tablestore, or against an emulator. */
public final class TestConfigs {

    static final String AK = "local-ak";
    static final String SK = "local-sk";
    static final String INSTANCE = "local-ots";

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

    /**
     * The settings of a sink writing to the emulator at {@code endpoint} (instance {@link #INSTANCE}, tables
     * {@code t_<topic>} created when missing), with the given key/value pairs on top.
     */
    static Map<String, String> emulatorSettings(String endpoint, String... settings) {
        Map<String, String> props = new HashMap<>();
        props.put(TablestoreSinkSpec.ENDPOINT, endpoint);
        props.put(TablestoreSinkSpec.INSTANCE_NAME, INSTANCE);
        props.put(TablestoreSinkSpec.ACCESS_KEY_ID, AK);
        props.put(TablestoreSinkSpec.ACCESS_KEY_SECRET, SK);
        props.put(TablestoreSinkSpec.AUTO_CREATE, "true");
        props.put(TablestoreSinkSpec.TABLE_NAME_FORMAT, "t_<topic>");
        for (int i = 0; i < settings.length; i += 2) {
            props.put(settings[i], settings[i + 1]);
        }
        return props;
    }
}
