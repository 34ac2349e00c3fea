package dev.hookline.linux.fanotify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hookline.collector.CollectorException;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The older-kernel modes, forced on this kernel: what each still reports. */
class FanotifyFallbackModesTest {
    private static FanotifyCollector start(TestContext ctx) {
        FanotifyCollector c = new FanotifyCollector(ctx);
        try {
            c.start();
        } catch (CollectorException e) {
            Assumptions.assumeTrue(false, "fanotify unavailable on this OS: " + e.getMessage());
        }
        return c;
    }

    private static Path scratch() throws Exception {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target", "fanotify-modes").toAbsolutePath()), "m");
    }

    @Test
    void dirnameModePairsMovedFromAndMovedToIntoARename() throws Exception {
        Path repo = scratch();
        TestContext ctx = new TestContext(Map.of("mode", "dirname", "quiet_period_ms", 200));
        try (FanotifyCollector c = start(ctx)) {
            assertEquals(FanotifyCollector.MODE_DIRNAME, c.mode());
            Files.writeString(repo.resolve("old"), "x");
            Shell.run(repo, "mv old new; echo y > created; rm created");
            String to = repo.resolve("new").toString();
            Event e = ctx.await(r -> "FileRenamed".equals(r.getString(Columns.ACTION_TYPE)) && to.equals(r.getString(Columns.FOLDER_PATH)));
            assertEquals(repo.resolve("old").toString(), e.getString(Columns.PREVIOUS_FOLDER_PATH));
            String created = repo.resolve("created").toString();
            ctx.await(r -> "FileCreated".equals(r.getString(Columns.ACTION_TYPE)) && created.equals(r.getString(Columns.FOLDER_PATH)));
            ctx.await(r -> "FileDeleted".equals(r.getString(Columns.ACTION_TYPE)) && created.equals(r.getString(Columns.FOLDER_PATH)));
        }
    }

    @Test
    void fdModeStillReportsModificationsWithPathsFromTheDescriptor() throws Exception {
        Path repo = scratch();
        TestContext ctx = new TestContext(Map.of("mode", "fd", "quiet_period_ms", 200));
        try (FanotifyCollector c = start(ctx)) {
            assertEquals(FanotifyCollector.MODE_FD, c.mode());
            Files.writeString(repo.resolve("Makefile"), "all:\n");
            Shell.run(repo, "echo x >> Makefile");
            String want = repo.resolve("Makefile").toString();
            ctx.await(r -> "FileModified".equals(r.getString(Columns.ACTION_TYPE)) && want.equals(r.getString(Columns.FOLDER_PATH)));
        }
    }
}
