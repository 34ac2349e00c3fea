package dev.hookline.windows.normalize;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device → prefix table on the strings FindFirstVolume, QueryDosDevice and GetVolumePathNamesForVolumeName give. */
class VolumeMountsTest {
    static final String SYS = "\\\\?\\Volume{1b3b1146-4076-11e1-84aa-806e6f6e6963}\\";
    static final String DATA = "\\\\?\\Volume{9d2a0c71-7a3e-4f5c-9a55-0a1b2c3d4e5f}\\";
    static final String TWO = "\\\\?\\Volume{5e8f3c2a-1111-4a4a-8b8b-0c0d0e0f1011}\\";
    static final String BARE = "\\\\?\\Volume{00000000-2222-4a4a-8b8b-0c0d0e0f1011}\\";

    @Test
    void aVolumeMountedOnAFolderOnlyMapsToThatFolderAndOneWithALetterToTheLetter() {
        Map<String, String> t = VolumeMounts.table(List.of(
                new VolumeMounts.Volume(SYS, "\\Device\\HarddiskVolume3", List.of("C:\\")),
                new VolumeMounts.Volume(DATA, "\\Device\\HarddiskVolume5", List.of("C:\\mnt\\data\\")),
                new VolumeMounts.Volume(TWO, "\\Device\\HarddiskVolume6", List.of("C:\\mnt\\b\\", "E:\\")),
                new VolumeMounts.Volume(BARE, "\\Device\\HarddiskVolume1", List.of())));
        assertEquals(Map.of("\\Device\\HarddiskVolume3", "C:", "\\Device\\HarddiskVolume5", "C:\\mnt\\data",
                "\\Device\\HarddiskVolume6", "E:"), t, "a volume mounted nowhere (recovery partition) stays out");
        DevicePaths p = new DevicePaths(t);
        assertEquals("C:\\mnt\\data\\logs\\app.log", p.toDos("\\Device\\HarddiskVolume5\\logs\\app.log"));
        assertEquals("C:\\mnt\\data\\", p.toDos("\\Device\\HarddiskVolume5"));
        assertEquals("E:\\x.txt", p.toDos("\\Device\\HarddiskVolume6\\x.txt"), "the letter wins over a folder");
        assertEquals("\\Device\\HarddiskVolume1\\Recovery\\x", p.toDos("\\Device\\HarddiskVolume1\\Recovery\\x"));
    }

    @Test
    void ofSeveralFoldersTheShortestThenFirstInOrderIsChosenWhateverOrderTheyCameIn() {
        assertEquals("D:\\m", VolumeMounts.prefix(List.of("D:\\mounts\\vol\\", "D:\\m\\", "C:\\zz\\")));
        assertEquals("C:\\zz", VolumeMounts.prefix(List.of("D:\\mm\\", "C:\\zz\\")));
        assertEquals("C:\\zz", VolumeMounts.prefix(List.of("C:\\zz\\", "D:\\mm\\")));
        assertEquals("F:", VolumeMounts.prefix(List.of("C:\\mnt\\f\\", "f:\\")), "letter, upper case");
        assertNull(VolumeMounts.prefix(List.of()));
    }

    @Test
    void getVolumePathNamesMultiStringIsSplitAtNulsUpToTheDoubleNul() {
        char[] buf = "C:\\mnt\\data\\\0D:\\\0\0garbage".toCharArray();
        assertEquals(List.of("C:\\mnt\\data\\", "D:\\"), VolumeMounts.multiSz(buf, 17));
        assertEquals(List.of(), VolumeMounts.multiSz("\0\0".toCharArray(), 2), "a volume mounted nowhere");
        assertEquals(List.of("C:\\mnt\\data\\"), VolumeMounts.multiSz(buf, 13), "length bounds the read");
    }

    @Test
    void queryDosDeviceTakesTheGuidNameWithoutPrefixOrTrailingBackslash() {
        assertEquals("Volume{1b3b1146-4076-11e1-84aa-806e6f6e6963}", VolumeMounts.dosDeviceName(SYS));
        assertNull(VolumeMounts.dosDeviceName("C:\\"));
        assertNull(VolumeMounts.dosDeviceName("\\\\?\\Volume{1b3b1146}"), "no trailing backslash");
        assertNull(VolumeMounts.dosDeviceName(null));
    }

    @Test
    void aVolumeWithoutDeviceIsSkippedAndTheFirstVolumeOfADeviceWins() {
        Map<String, String> t = VolumeMounts.table(List.of(
                new VolumeMounts.Volume(SYS, "", List.of("C:\\")),
                new VolumeMounts.Volume(DATA, "\\Device\\HarddiskVolume5", List.of("G:\\")),
                new VolumeMounts.Volume(TWO, "\\Device\\HarddiskVolume5", List.of("H:\\"))));
        assertEquals(Map.of("\\Device\\HarddiskVolume5", "G:"), t);
    }
}
