package dev.hookline.install;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class MetadataTest {
    private static BufferedReader r(String s) {
        return new BufferedReader(new StringReader(s));
    }

    @Test
    void packageJsonNameAndVersionAndGarbageGivesNull() {
        assertEquals(new Metadata.NameVersion("evil", "1.0.1"),
                Metadata.packageJson(r("{\"name\":\"evil\",\"version\":\"1.0.1\",\"scripts\":{}}")));
        assertNull(Metadata.packageJson(r("{not json")));
        assertNull(Metadata.packageJson(r("[1,2]")));
        assertEquals(new Metadata.NameVersion(null, null), Metadata.packageJson(r("{\"version\":3}")));
    }

    @Test
    void pkgInfoAndControlHeadersStopAtTheFirstBlankLine() {
        assertEquals(new Metadata.NameVersion("evil-pkg", "2.0"),
                Metadata.headers(r("Metadata-Version: 2.1\nName: evil-pkg\nVersion: 2.0\n\nVersion: 9\n")));
        assertEquals(new Metadata.NameVersion("hookline-test", "1.2-1"),
                Metadata.headers(r("Package: hookline-test\nVersion: 1.2-1\nArchitecture: all\n")));
        assertNull(Metadata.headers(r("Summary: x\n")));
    }

    @Test
    void dpkgStatusVersionIsTheNamedPackagesParagraphOnly() {
        String status = "Package: a\nStatus: install ok installed\nVersion: 1\n\n"
                + "Package: hookline-test\nStatus: install ok half-configured\nVersion: 1.0.3\n\n"
                + "Package: hookline-test-2\nVersion: 7\n";
        assertEquals("1.0.3", Metadata.dpkgStatusVersion(r(status), "hookline-test"));
        assertEquals("7", Metadata.dpkgStatusVersion(r(status), "hookline-test-2"));
        assertNull(Metadata.dpkgStatusVersion(r(status), "hookline"));
    }
}
