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
 * installs of `scenarios run`, carry {@code InstallContext} naming manager, package and version, also on a
 * saturated host: an npm script that is one shell builtin ({@code sh -c "printf ... | tee file"}) often exits
 * before its environment can be read, and is then named by its exec's working directory (the package's
 * node_modules directory, its package.json for the version); a writer whose exec's records come after the file
 * event's hold time is read from /proc and given its context there. The rule's own {@code Install} column (the
 * ancestry's kind of install) says the same independently. Each case runs the scenario itself (the code
 * `scenarios run` runs) under a real agent.
 */
class PersistenceAlertsNameThePackageLiveTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "npm-postinstall-writes-pam-d, hookline.pm-writes-pam, npm, hookline-scn-pam, "
                    + "npm/yarn/pnpm lifecycle script",
            "npm-postinstall-appends-hosts, hookline.pm-writes-hosts-file, npm, hookline-scn-hosts, "
                    + "npm/yarn/pnpm lifecycle script",
            "npm-postinstall-curls-docker-sock, hookline.pm-container-socket, npm, hookline-scn-docker-sock, "
                    + "npm/yarn/pnpm lifecycle script",
            "pip-sdist-writes-systemd-generator, hookline.pm-writes-systemd, pip, hookline-scn-generator, "
                    + "pip install (setup.py / build backend)",
            "pip-sdist-appends-nsswitch, hookline.pm-writes-nsswitch, pip, hookline-scn-nsswitch, "
                    + "pip install (setup.py / build backend)",
            "dpkg-postinst-writes-udev-rule, hookline.pm-writes-udev-rule, dpkg, hookline-scn-udev-postinst, "
                    + "dpkg maintainer script",
            "dpkg-postinst-appends-resolv-conf, hookline.pm-writes-resolv-conf, dpkg, hookline-scn-resolv-postinst, "
                    + "dpkg maintainer script",
    })
    void theAlertOfAnInstallsWriteNamesTheManagerAndWhenKnownThePackage(String scenario, String rule, String manager,
                                                                         String pkg,
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
            assertEquals(pkg, install.path("InstallPackage").asText(), title);
            assertEquals("1.0.0", install.path("InstallVersion").asText(), title);
            assertTrue(title.contains("(" + pkg + "@1.0.0, " + manager), title);
        }
    }
}
