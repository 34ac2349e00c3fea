package dev.hookline.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The .rpm built from the same staged tree as the .deb (only where rpmbuild exists: apt-get install rpm). */
class RpmPackageTest {
    @Test
    void rpmHoldsTheSameLayoutWithTheConfigAsNoreplaceConfigFile() throws IOException {
        Sh.require(Sh.onPath("rpm") && Sh.onPath("rpmbuild"), "rpm/rpmbuild not installed (apt-get install rpm): no .rpm");
        Optional<Path> rpm;
        try (Stream<Path> s = Files.list(Sh.packagingDir().resolve("target"))) {
            rpm = s.filter(p -> p.getFileName().toString().matches("hookline-.*\\.rpm")).findFirst();
        }
        assertTrue(rpm.isPresent(), "rpmbuild is installed but packaging/linux/build-rpm built no .rpm");
        String files = Sh.run(List.of("rpm", "-qlp", rpm.get().toString())).ok().text();
        System.out.println("rpm -qlp (first lines):\n" + files.lines().limit(12).reduce("", (a, b) -> a + b + "\n"));
        for (String f : List.of("/opt/hookline/bin/hookline", "/opt/hookline/runtime/bin/java", "/usr/bin/hookline",
                "/lib/systemd/system/hookline.service", "/etc/hookline/hookline.yaml", "/var/lib/hookline",
                "/opt/hookline/lib/native/libjnidispatch.so")) {
            assertTrue(files.lines().anyMatch(f::equals), f + " not in rpm -qlp:\n" + files);
        }
        String conf = Sh.run(List.of("rpm", "-qcp", rpm.get().toString())).ok().text();
        assertTrue(conf.contains("/etc/hookline/hookline.yaml"), conf);
        String scripts = Sh.run(List.of("rpm", "-qp", "--scripts", rpm.get().toString())).ok().text();
        assertTrue(scripts.contains("systemctl enable --now hookline.service"), scripts);
        // Prebuilt payload: no automatic dependencies on the bundled runtime's libraries.
        String requires = Sh.run(List.of("rpm", "-qpR", rpm.get().toString())).ok().text();
        assertTrue(requires.lines().noneMatch(l -> l.contains("libjvm") || l.contains("libjli")), requires);
    }
}
