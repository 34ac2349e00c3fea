package dev.hookline.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.net.DnsCache;
import dev.hookline.process.ProcessTable;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a provider and a context give without overriding: no settings, no documentation, defaults when empty. */
class CollectorProviderDefaultsTest {
    private static CollectorProvider bare() {
        return new CollectorProvider() {
            @Override
            public String name() {
                return "bare";
            }

            @Override
            public String unsupportedReason() {
                return null;
            }

            @Override
            public Collector create(CollectorContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static CollectorContext context(Map<String, Object> section) {
        return new CollectorContext() {
            @Override
            public EventSink events() {
                return e -> true;
            }

            @Override
            public HealthSink health() {
                return (kind, message) -> { };
            }

            @Override
            public ProcessTable processes() {
                return null;
            }

            @Override
            public HostIdentity host() {
                return null;
            }

            @Override
            public Map<String, Object> config() {
                return section;
            }

            @Override
            public DnsCache dnsCache() {
                return null;
            }

            @Override
            public WriteBeforeExec writeBeforeExec() {
                return null;
            }
        };
    }

    @Test
    void aProviderWithoutSettingsDeclaresNoSettingsAndDocumentsNothing() {
        assertEquals(new NoSettings(), bare().defaultSettings());
        assertEquals(NoSettings.class, bare().settingsType());
        assertEquals("", bare().documentedSettings(), "no bare.yaml beside NoSettings");
    }

    @Test
    void aContextThatCannotBindGivesTheDefaultsForAnEmptySectionAndRefusesAnyOther() {
        NoSettings d = new NoSettings();
        assertSame(d, context(Map.of()).settings(d));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> context(Map.of("key", 1)).settings(d));
        assertEquals("this collector context cannot bind a config section [key]", e.getMessage());
    }
}
