package dev.hookline.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookline.alert.Alert;
import dev.hookline.schema.Event;
import dev.hookline.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExclusionsTuneAlertsOnlyWhenEnabledTest {
    private final RuleLoader loader = new RuleLoader();

    private List<Alert> run(Tuning tuning) throws RuleException {
        List<Alert> out = new ArrayList<>();
        Detector d = new Detector(loader.loadBuiltin(), tuning, out::add);
        for (Event e : Fixtures.events("seed-cases.jsonl")) {
            d.accept(e, Fixtures.NOW);
        }
        return out;
    }

    @Test
    void shippedExclusionsAreOffByDefault() throws Exception {
        for (Rule r : loader.loadBuiltin()) {
            // the seed pack ships worked examples for its false positives; other packs may ship fewer
            assertTrue(r.exclusions().size() >= 3 || !r.source().startsWith("builtin:seed/"), r.id());
            r.exclusions().forEach(x -> assertTrue(!x.enabled(), x.id()));
        }
    }

    @Test
    void enablingTheDpkgExclusionSuppressesOnlyMaintainerScripts() throws Exception {
        List<Alert> all = run(Tuning.NONE);
        List<Alert> tuned = run(new Tuning(List.of(), Set.of("t1546-dpkg-maintainer-scripts")));
        assertEquals(all.size() - 1, tuned.size());
        assertTrue(tuned.stream().noneMatch(a -> String.valueOf(a.row()[4]).contains("/var/lib/dpkg/info/")));
    }

    @Test
    void tuningFileAddsItsOwnExclusionInKql(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tuning.yaml");
        Files.writeString(f, "exclusions:\n"
                + "  - id: local-mirror\n"
                + "    rule: hookline.seed.t1195-001\n"
                + "    arm: PackageManagerUnexpectedExternalConnection\n"
                + "    where: RemoteUrl endswith \".evil-cdn.example\"\n"
                + "enable: [t1195-native-build-tools]\n");
        Tuning t = loader.loadTuning(f);
        List<Alert> all = run(Tuning.NONE);
        List<Alert> tuned = run(t);
        assertEquals(all.size() - 1, tuned.size());
        assertTrue(tuned.stream().noneMatch(a -> a.row().length > 5 && "npm-mirror.evil-cdn.example".equals(a.row()[5])));
    }

    @Test
    void exclusionNamingAMissingArmIsAnError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tuning.yaml");
        Files.writeString(f, "exclusions:\n  - id: x\n    rule: hookline.seed.t1195-001\n    arm: NoSuchArm\n"
                + "    where: FileName == \"a\"\n");
        Tuning t = loader.loadTuning(f);
        RuleException e = assertThrows(RuleException.class, () -> new Detector(loader.loadBuiltin(), t, a -> { }));
        assertTrue(e.getMessage().contains("NoSuchArm"), e.getMessage());
    }

    @Test
    void exclusionWithBadKqlNamesTheExclusionAndPosition(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tuning.yaml");
        Files.writeString(f, "exclusions:\n  - id: broken\n    rule: hookline.seed.t1195-001\n"
                + "    where: FileName has_any (\"a\"\n");
        Tuning t = loader.loadTuning(f);
        RuleException e = assertThrows(RuleException.class, () -> new Detector(loader.loadBuiltin(), t, a -> { }));
        assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("line 1"), e.getMessage());
    }
}
