package dev.hookline.windows.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DevicePathsTest {
    final DevicePaths p = new DevicePaths(Map.of("\\Device\\HarddiskVolume3", "C:", "\\Device\\HarddiskVolume10", "D:"));

    @Test
    void mapsDevicePrefixToDriveLetterCaseInsensitively() {
        assertEquals("C:\\Windows\\System32\\cmd.exe", p.toDos("\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe"));
        assertEquals("C:\\x", p.toDos("\\device\\harddiskvolume3\\x"));
        assertEquals("D:\\x", p.toDos("\\Device\\HarddiskVolume10\\x"), "Volume10 is not Volume1 + 0");
        assertEquals("C:\\", p.toDos("\\Device\\HarddiskVolume3"));
    }

    @Test
    void leavesUnknownDevicesAndDosPathsAloneAndStripsWin32Prefix() {
        assertEquals("\\Device\\Floppy0\\a", p.toDos("\\Device\\Floppy0\\a"));
        assertEquals("C:\\a", p.toDos("C:\\a"));
        assertEquals("C:\\a", p.toDos("\\??\\C:\\a"));
        assertEquals(null, p.toDos(null));
    }

    @Test
    void networkFilesUnderMupBecomeUncPaths() {
        assertEquals("\\\\srv\\share\\a.txt", p.toDos("\\Device\\Mup\\srv\\share\\a.txt"));
        assertEquals("\\\\srv\\share\\a.txt", p.toDos("\\device\\mup\\srv\\share\\a.txt"));
    }

    @Test
    void shadowCopiesStayReachableThroughGlobalRoot() {
        assertEquals("\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy2\\Windows\\NTDS\\ntds.dit",
                p.toDos("\\Device\\HarddiskVolumeShadowCopy2\\Windows\\NTDS\\ntds.dit"));
    }
}
