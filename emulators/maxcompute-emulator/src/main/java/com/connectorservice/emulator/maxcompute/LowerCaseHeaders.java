package com.connectorservice.emulator.maxcompute;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.Headers;

/**
 * Writes into the map behind {@link Headers} without its name normalisation (which would turn
 * {@code odps-tunnel-slot-num} into {@code Odps-tunnel-slot-num}). Module encapsulation forbids reflection on
 * the field, so the access goes through {@code sun.misc.Unsafe} from the jdk.unsupported module.
 */
final class LowerCaseHeaders {

    private static final sun.misc.Unsafe UNSAFE;
    private static final long MAP_OFFSET;

    static {
        sun.misc.Unsafe unsafe = null;
        long offset = -1;
        try {
            Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
            offset = unsafe.objectFieldOffset(Headers.class.getDeclaredField("map"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
        }
        UNSAFE = unsafe;
        MAP_OFFSET = offset;
    }

    private LowerCaseHeaders() {
    }

    /** @return false when this JDK does not allow it; the caller then sets the header normally */
    @SuppressWarnings("unchecked")
    static boolean put(Headers headers, String name, String value) {
        if (UNSAFE == null) {
            return false;
        }
        Object map = UNSAFE.getObject(headers, MAP_OFFSET);
        if (!(map instanceof Map)) {
            return false;
        }
        List<String> values = new ArrayList<>();
        values.add(value);
        ((Map<String, List<String>>) map).put(name, values);
        return true;
    }
}
