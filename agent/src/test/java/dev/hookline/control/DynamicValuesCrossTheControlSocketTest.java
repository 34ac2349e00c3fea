package dev.hookline.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamicValuesCrossTheControlSocketTest {
    @Test
    void arraysBagsAndDynamicScalarsComeBackAsTheyWent() throws Exception {
        Object[] row = {List.of("a", 2L), Map.of("k", List.of(1L, 2.5)), "text", 7L, null};
        String wire = ControlProtocol.row(row);
        Object[] back = ControlProtocol.decodeRow(new ObjectMapper().readTree(wire),
                List.of("dynamic", "dynamic", "dynamic", "dynamic", "dynamic"));
        assertArrayEquals(row, back);
    }
}
