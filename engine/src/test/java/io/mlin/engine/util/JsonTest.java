package io.mlin.engine.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.HostCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON writer, read back by Python's json module. */
class JsonTest {

    @Test
    void nestedValuesInIterationOrder() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("b", 1);
        o.put("a", List.of(true, "x"));
        o.put("n", null);
        o.put("e", List.of());
        o.put("m", Map.of());
        assertEquals("{\n  \"b\": 1,\n  \"a\": [\n    true,\n    \"x\"\n  ],\n  \"n\": null,\n  \"e\": [],\n  \"m\": {}\n}",
                Json.write(o));
    }

    @Test
    void stringsRoundTripThroughPython(@TempDir Path dir) throws Exception {
        HostTools.require("python3", "python3");
        String tricky = "q\"b\\s/t\tn\nr\rc\u0001\u001f l\u2028 é 😀";
        Path f = dir.resolve("s.json");
        Map<String, Object> o = new TreeMap<>();
        o.put("k\"ey", tricky);
        o.put("n", Arrays.asList(1, -2L, 3.5, null));
        Files.writeString(f, Json.write(o));
        String back = HostCommand.output(dir, "python3", "-c",
                "import json,sys\nd=json.load(open(sys.argv[1],encoding='utf-8'))\n"
                        + "sys.stdout.buffer.write(json.dumps(d,ensure_ascii=True,sort_keys=True).encode())", f.toString());
        assertEquals("{\"k\\\"ey\": \"q\\\"b\\\\s/t\\tn\\nr\\rc\\u0001\\u001f l\\u2028 \\u00e9 \\ud83d\\ude00\", \"n\": [1, -2, 3.5, null]}",
                back);
    }

    @Test
    void unsupportedValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    }
}
