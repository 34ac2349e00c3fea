package dev.hookline.macos.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The create/rename destination union is accepted with and without the {@code destination} level (no real sample
 * of either exists yet), and the parser says which form it saw; close honours was_mapped_writable.
 */
class EsloggerDestinationFormsTest {
    // Hand-written lines in eslogger's shape; only the keys the parser reads.
    static final String RENAME_NESTED = "{\"time\":\"2026-01-02T03:04:05.000000001Z\",\"event_type\":25,"
            + "\"global_seq_num\":7,\"process\":{\"audit_token\":{\"pid\":700,\"pidversion\":1,\"euid\":501},"
            + "\"ppid\":1,\"executable\":{\"path\":\"\\/bin\\/mv\"}},\"event\":{\"rename\":{\"source\":{\"path\":"
            + "\"\\/tmp\\/a.txt\"},\"destination_type\":1,\"destination\":{\"new_path\":{\"dir\":{\"path\":"
            + "\"\\/tmp\\/d\"},\"filename\":\"b.txt\"}}}}}";
    static final String RENAME_FLAT_NEW = "{\"time\":\"2026-01-02T03:04:05.000000001Z\",\"event_type\":25,"
            + "\"global_seq_num\":8,\"process\":{\"audit_token\":{\"pid\":700,\"pidversion\":1,\"euid\":501},"
            + "\"ppid\":1,\"executable\":{\"path\":\"\\/bin\\/mv\"}},\"event\":{\"rename\":{\"source\":{\"path\":"
            + "\"\\/tmp\\/a.txt\"},\"destination_type\":1,\"new_path\":{\"dir\":{\"path\":\"\\/tmp\\/d\"},"
            + "\"filename\":\"b.txt\"}}}}";
    static final String RENAME_FLAT_EXISTING = "{\"time\":\"2026-01-02T03:04:05.000000001Z\",\"event_type\":25,"
            + "\"process\":{\"audit_token\":{\"pid\":700},\"executable\":{\"path\":\"\\/bin\\/mv\"}},"
            + "\"event\":{\"rename\":{\"source\":{\"path\":\"\\/tmp\\/c.txt\"},\"destination_type\":0,"
            + "\"existing_file\":{\"path\":\"\\/tmp\\/d\\/b.txt\"}}}}";
    static final String CREATE_FLAT = "{\"time\":\"2026-01-02T03:04:05Z\",\"event_type\":13,"
            + "\"process\":{\"audit_token\":{\"pid\":700},\"executable\":{\"path\":\"\\/usr\\/bin\\/touch\"}},"
            + "\"event\":{\"create\":{\"destination_type\":0,\"existing_file\":{\"path\":\"\\/tmp\\/new.txt\"}}}}";
    static final String CLOSE_MAPPED = "{\"time\":\"2026-01-02T03:04:05Z\",\"event_type\":12,"
            + "\"process\":{\"audit_token\":{\"pid\":700},\"executable\":{\"path\":\"\\/usr\\/bin\\/sqlite3\"}},"
            + "\"event\":{\"close\":{\"modified\":false,\"was_mapped_writable\":true,\"target\":{\"path\":"
            + "\"\\/tmp\\/db.sqlite\"}}}}";

    @Test
    void renameWithoutTheDestinationLevelStillYieldsBothPaths() {
        EsloggerParser p = new EsloggerParser();
        EsMessage flat = p.parse(RENAME_FLAT_NEW);
        assertNotNull(flat.file(), "flat new_path rename must not be dropped");
        assertEquals("/tmp/d/b.txt", flat.file().path());
        assertEquals("/tmp/a.txt", flat.file().previousPath());
        EsMessage existing = p.parse(RENAME_FLAT_EXISTING);
        assertNotNull(existing.file(), "flat existing_file rename must not be dropped");
        assertEquals("/tmp/d/b.txt", existing.file().path());
        assertEquals("/tmp/c.txt", existing.file().previousPath());
        assertEquals("/tmp/new.txt", p.parse(CREATE_FLAT).file().path());
        assertEquals("flat (existing_file/new_path without destination)", p.destinationForm());
    }

    @Test
    void theFormAHostProducedIsRecorded() {
        EsloggerParser p = new EsloggerParser();
        assertEquals("not seen yet", p.destinationForm());
        EsMessage nested = p.parse(RENAME_NESTED);
        assertEquals("/tmp/d/b.txt", nested.file().path());
        assertEquals("nested (destination.existing_file/new_path)", p.destinationForm());
        p.parse(RENAME_FLAT_NEW);
        assertEquals(1, p.destinationNested());
        assertEquals(1, p.destinationFlat());
        assertEquals("both nested and flat", p.destinationForm());
    }

    @Test
    void closeOfAWritableMappingCountsAsModified() {
        EsMessage close = new EsloggerParser().parse(CLOSE_MAPPED);
        assertTrue(close.file().modified(), "was_mapped_writable means the file may have been written");
    }
}
