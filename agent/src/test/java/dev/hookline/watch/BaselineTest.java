package dev.hookline.watch;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineTest {
    private static PackageActivity act(String version, List<String> spawned, List<String> hosts, List<String> wrote) {
        return new PackageActivity("npm", "evil", version, "postinstall", spawned, hosts, wrote);
    }

    @Test
    void recordsSortedYamlPerPackageVersionLeavingOutWritesInsideThePackage() {
        Baseline b = Baseline.of(List.of(act("1.0.0", List.of("sh", "curl"), List.of("127.0.0.1:8080"),
                List.of("/w/node_modules/evil/build/x.o", ".github/workflows/ci.yml"))));
        assertEquals("""
                hookline: watch-baseline/1
                packages:
                - manager: npm
                  name: evil
                  version: 1.0.0
                  phases:
                  - postinstall
                  binaries:
                  - curl
                  - sh
                  hosts:
                  - 127.0.0.1:8080
                  writes:
                  - .github/workflows/ci.yml
                """, b.yaml());
        assertEquals(b.yaml(), Baseline.parse(b.yaml(), "f").yaml());
    }

    @Test
    void aNewVersionThatContactsANewHostIsNewBehaviourAndTheSameBehaviourIsNot() {
        Baseline old = Baseline.of(List.of(act("1.0.0", List.of("sh", "curl"), List.of("127.0.0.1:8080"), List.of())));
        Baseline same = Baseline.of(List.of(act("1.0.1", List.of("curl", "sh"), List.of("127.0.0.1:8080"), List.of())));
        assertEquals(List.of(), old.newBehaviour(same));
        Baseline worse = Baseline.of(List.of(act("1.0.1", List.of("sh", "curl", "nc"),
                List.of("127.0.0.1:8080", "127.0.0.2:9999"), List.of("/root/.ssh/authorized_keys"))));
        assertEquals(List.of(
                "evil@1.0.1 (npm): contacts new host 127.0.0.2:9999 (baseline: 1.0.0)",
                "evil@1.0.1 (npm): runs new program nc (baseline: 1.0.0)",
                "evil@1.0.1 (npm): writes new path /root/.ssh/authorized_keys (baseline: 1.0.0)"),
                old.newBehaviour(worse));
        assertEquals(List.of(), old.merge(worse).newBehaviour(worse));
    }

    @Test
    void aPackageMissingFromTheBaselineThatRunsScriptsIsReported() {
        Baseline old = Baseline.parse("hookline: watch-baseline/1\npackages: []\n", "f");
        assertEquals(List.of("evil@2.0.0 (npm): not in the baseline, runs install scripts [postinstall]"),
                old.newBehaviour(Baseline.of(List.of(act("2.0.0", List.of("sh"), List.of(), List.of())))));
    }

    @Test
    void aMalformedBaselineIsAnErrorWithItsPlace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Baseline.parse("hookline: watch-baseline/1\npackages:\n- manager: npm\n  nmae: x\n", "b.yaml"));
        assertTrue(e.getMessage().matches("b\\.yaml:\\d+:\\d+: not a hookline watch baseline: .*\"nmae\".*"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Baseline.parse("just: text\n", "b.yaml"));
        assertTrue(e.getMessage().contains("not a hookline watch baseline"), e.getMessage());
    }
}
