package dev.hookline.linux.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.collector.NoSettings;
import dev.hookline.linux.settings.SectionChecks;
import org.junit.jupiter.api.Test;

/** linux-dns reads no settings: an empty section is fine, any key is an error naming none as allowed. */
class DnsSettingsTest {
    private final DnsCollectorProvider provider = new DnsCollectorProvider();

    @Test
    void anEmptySectionBinds() throws Exception {
        assertEquals(new NoSettings(), SectionChecks.bind(provider, ""));
        assertEquals(new NoSettings(), provider.defaultSettings());
        assertEquals("", provider.documentedSettings(), "nothing to document: config defaults shows no section");
    }

    @Test
    void anyKeyIsUnknownWithItsLineAndColumn() {
        assertEquals("hookline.yaml, line 3, column 5: unknown key 'interfaces' in section 'collectors.linux-dns' "
                + "(known keys: none)", SectionChecks.error(provider, "interfaces: [eth0]"));
    }
}
