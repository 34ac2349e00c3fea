package dev.hookline.linux.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.scenario.Scenario;
import dev.hookline.scenario.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 33 with #29's provenance: the persistence pack's alerts, raised by the real npm, pip (an sdist) and dpkg
 * installs of `scenarios run`, carry {@code InstallContext}. pip (its setup.py runs for seconds) and dpkg (the
 * maintainer script's path names the package) are always named in {@code AlertTitle}; an npm script that is one
 * shell builtin ({@code sh -c "printf ... > file"}) exits before its environment can be read, so only the manager
 * is known, and the rule's own {@code Install} column (the ancestry's kind of install) is what says npm in the
 * row: the reason the rules keep it. Each case runs the scenario itself (the code `scenarios run` runs) under a
 * real agent.
 */
class PersistenceAlertsNameThePackageLiveTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "npm-postinstall-writes-pam-d, hookline.pm-writes-pam, npm, hookline-scn-pam, false, "
                    + "npm/yarn/pnpm lifecycle script",
            "npm-postinstall-appends-hosts, hookline.pm-writes-hosts-file, npm, hookline-scn-hosts, false, "
                    + "npm/yarn/pnpm lifecycle script",
            "npm-postinstall-curls-docker-sock, hookline.pm-container-socket, npm, hookline-scn-docker-sock, false, "
                    + "npm/yarn/pnpm lifecycle script",
            "pip-sdist-writes-systemd-generator, hookline.pm-writes-systemd, pip, hookline-scn-generator, true, "
                    + "pip install (setup.py / build backend)",
            "pip-sdist-appends-nsswitch, hookline.pm-writes-nsswitch, pip, hookline-scn-nsswitch, true, "
                    + "pip install (setup.py / build backend)",
            "dpkg-postinst-writes-udev-rule, hookline.pm-writes-udev-rule, dpkg, hookline-scn-udev-postinst, true, "
                    + "dpkg maintainer script",
            "dpkg-postinst-appends-resolv-conf, hookline.pm-writes-resolv-conf, dpkg, hookline-scn-resolv-postinst, "
                    + "true, dpkg maintainer script",
    })
    void theAlertOfAnInstallsWriteNamesTheManagerAndWhenKnownThePackage(String scenario, String rule, String manager,
                                                                         String pkg, boolean alwaysNamed,
                                                                         String installColumn, @TempDir Path tmp)
            throws Exception {
        Facilities.assumeAgentCanRun();
        Scenario s = ScenarioRunner.scenarios().stream().filter(x -> x.name().equals(scenario)).findFirst()
                .orElseThrow(() -> new AssertionError("no scenario " + scenario));
        for (String program : s.programs()) {
            Facilities.assumeProgram(program);
        }
        try (LiveAgent agent = LiveAgent.start(tmp.resolve("agent"))) {
            long from = System.nanoTime();
            Path work = Files.createDirectories(tmp.resolve("work"));
            s.run(work, Duration.ofSeconds(120));
            JsonNode alert = agent.awaitAlert(a -> a.path("RuleId").asText().equals(rule)
                    && a.toString().contains(work.toString()), from, 130_000);
            assertNotNull(alert, "no " + rule + " alert" + agent.diagnostics());
            String title = alert.path("AlertTitle").asText();
            JsonNode install = alert.path("InstallContext");
            assertEquals(manager, install.path("InstallManager").asText(), title);
            assertEquals(installColumn, alert.path("Row").path("Install").asText(), title);
            if (alwaysNamed || install.has("InstallPackage")) {
                assertEquals(pkg, install.path("InstallPackage").asText(), title);
                assertEquals("1.0.0", install.path("InstallVersion").asText(), title);
                assertTrue(title.contains("(" + pkg + "@1.0.0, " + manager), title);
            }
        }
    }
}
