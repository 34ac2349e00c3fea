package dev.hookline.linux;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.collector.CollectorProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LinuxAuditProviderTest {
    @Test
    void serviceLoaderFindsTheProvider() {
        boolean found = false;
        for (CollectorProvider p : ServiceLoader.load(CollectorProvider.class)) {
            found |= p instanceof LinuxAuditProvider && p.name().equals("linux-audit");
        }
        assertTrue(found);
    }

    @Test
    void capEffParsing() {
        assertEquals(0x1ffffffffffL, LinuxAuditProvider.parseCapEff("Name:\tx\nCapEff:\t000001ffffffffff\n"));
        assertEquals(0, LinuxAuditProvider.parseCapEff("CapEff:\t0000000000000000\n") & (1L << 30));
        assertEquals(-1, LinuxAuditProvider.parseCapEff("Name:\tx\n"));
    }

    @Test
    void supportedHereWhenRootOnLinuxWithAudit() {
        String why = new LinuxAuditProvider().unsupportedReason();
        if (why != null) {
            System.out.println("linux-audit unsupported here: " + why);
            assertTrue(why.contains("needs") || why.contains("kernel"), why);
        }
    }
}
