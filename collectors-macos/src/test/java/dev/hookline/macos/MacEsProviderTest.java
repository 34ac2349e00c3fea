package dev.hookline.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.collector.CollectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacEsProviderTest {
    @Test
    void isFoundByServiceLoaderAndSaysNotMacOsHere() {
        CollectorProvider p = ServiceLoader.load(CollectorProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("macos-es")).findFirst().orElseThrow();
        assertEquals("not macOS", p.unsupportedReason());
    }

    @Test
    void onMacOsItNeedsEsloggerAndRoot(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("eslogger");
        assertTrue(MacEsProvider.reason("Mac OS X", "12.6", missing, "root").contains("macOS 13"));
        Files.writeString(missing, "#!/bin/sh\n");
        missing.toFile().setExecutable(true);
        String notRoot = MacEsProvider.reason("Mac OS X", "14.5", missing, "dev");
        assertTrue(notRoot.contains("root") && notRoot.contains("Full Disk Access"), notRoot);
        assertNull(MacEsProvider.reason("Mac OS X", "14.5", missing, "root"));
    }
}
