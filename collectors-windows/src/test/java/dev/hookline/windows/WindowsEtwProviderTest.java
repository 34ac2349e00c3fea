package dev.hookline.windows;

import static org.junit.jupiter.api.Assertions.*;

import dev.hookline.collector.CollectorException;
import dev.hookline.collector.CollectorProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class WindowsEtwProviderTest {
    @Test
    void isRegisteredAndSaysNotWindowsHereWithoutLoadingWindowsCode() {
        CollectorProvider p = ServiceLoader.load(CollectorProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals("windows-etw")).findFirst().orElseThrow();
        assertTrue(p.unsupportedReason().contains("not Windows"), p.unsupportedReason());
        assertThrows(CollectorException.class, () -> p.create(null));
    }

    @Test
    void notElevatedOnWindowsAsksForAdministratorOrLocalSystem() {
        String r = new WindowsEtwProvider("Windows 11", () -> false).unsupportedReason();
        assertTrue(r.contains("Administrator") && r.contains("LocalSystem"), r);
    }

    @Test
    void elevatedOnWindowsIsSupported() {
        assertNull(new WindowsEtwProvider("Windows Server 2022", () -> true).unsupportedReason());
    }

    @Test
    void failingTokenCheckIsAReasonNotACrash() {
        String r = new WindowsEtwProvider("Windows 10", () -> {
            throw new UnsatisfiedLinkError("advapi32");
        }).unsupportedReason();
        assertTrue(r.contains("could not check"), r);
    }

    @Test
    void a32BitJvmIsRefusedWithWhatToInstall() {
        String r = new WindowsEtwProvider("Windows 11", () -> true, "32").unsupportedReason();
        assertNotNull(r, "a 32-bit JVM would misread every x64-declared structure");
        assertTrue(r.contains("64-bit Java"), r);
    }
}
