package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.linux.settings.SectionChecks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The linux-fanotify section: bound by the agent's config mapper, with line, column and the allowed keys on error. */
class FanotifySettingsTest {
    private final FanotifyCollectorProvider provider = new FanotifyCollectorProvider();

    @Test
    void validSettingsBindOverTheDefaults() throws Exception {
        FanotifySettings s = SectionChecks.bind(provider, "exclude_paths: [/proc, /srv/cache/]\nsha256: true\n"
                + "quiet_period_ms: 200\nreport_directories: true\nmode: DirName");
        assertEquals(List.of("/proc", "/srv/cache"), s.excludePaths(), "a trailing / is dropped");
        assertTrue(s.sha256());
        assertEquals(200, s.quietPeriodMs());
        assertTrue(s.reportDirectories());
        assertEquals(FanotifySettings.Mode.DIRNAME, s.mode());
        assertEquals(30000, s.maxBurstMs(), "a key left out keeps its default");
        assertEquals(FanotifySettings.DEFAULTS.excludeMounts(), s.excludeMounts());
    }

    @Test
    void aMisspelledOrOldCamelCaseKeyIsNamedWithItsLineColumnAndTheAllowedKeys() throws Exception {
        assertEquals("hookline.yaml, line 4, column 5: unknown key 'quietPeriodMs' in section "
                + "'collectors.linux-fanotify' (known keys: exclude_mounts, exclude_paths, max_burst_ms, mode, "
                + "path_cache_size, quiet_period_ms, report_directories, sha256, sha256_max_bytes)",
                SectionChecks.error(provider, "sha256: false\nquietPeriodMs: 200"));
        assertTrue(SectionChecks.error(provider, "protected_paths: [/opt/x]")
                .contains("unknown key 'protected_paths'"), "the agent gives its files, a config does not");
    }

    @Test
    void aBooleanIsTrueOrFalseOnly() {
        // "yes" used to be read as false here, silently.
        for (String v : new String[]{"yes", "on", "1", "\"true\""}) {
            assertTrue(SectionChecks.error(provider, "sha256: " + v).startsWith("hookline.yaml, line 3, column 13: "
                    + "'collectors.linux-fanotify.sha256': expected true or false"), v);
        }
    }

    @Test
    void aWrongTypeOrValueIsNamedWithItsLocationAndWhatIsExpected() {
        assertEquals("hookline.yaml, line 3, column 11: 'collectors.linux-fanotify.mode': expected one of auto, "
                + "rename, dirname, fd, got 'fast'", SectionChecks.error(provider, "mode: fast"));
        assertEquals("hookline.yaml, line 3, column 22: 'collectors.linux-fanotify.quiet_period_ms': must be at "
                + "least 1, got 0", SectionChecks.error(provider, "quiet_period_ms: 0"));
        String m = SectionChecks.error(provider, "exclude_paths: /proc");
        assertTrue(m.startsWith("hookline.yaml, line 3, column 20: 'collectors.linux-fanotify.exclude_paths': "
                + "expected a list"), m);
    }

    @Test
    void theDocumentedDefaultsAreTheBuiltInOnes() throws Exception {
        SectionChecks.documentedDefaultsAreTheBuiltInOnes(provider);
        assertEquals(List.of("/proc", "/sys", "/var/lib/hookline"), FanotifySettings.DEFAULTS.excludePaths());
        assertEquals(FanotifySettings.Mode.AUTO, FanotifySettings.DEFAULTS.mode());
    }
}
