package dev.hookline.cli;

import dev.hookline.io.EventFileReader;
import dev.hookline.schema.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads an events file ("-" for stdin) as a stream, reporting problem lines on stderr: every command that takes
 * --events reads through here (and so through {@link EventFileReader}).
 */
final class EventFiles {
    private EventFiles() {
    }

    /** The name problems are reported under. */
    static String displayName(String file) {
        return file.equals("-") ? "<stdin>" : file;
    }

    /** Fails as a usage error when the file does not exist, before any work is done. */
    static void checkExists(String file) {
        if (!file.equals("-") && !Files.exists(Path.of(file))) {
            throw new UserException("--events: no such file: " + file);
        }
    }

    /** Reads the whole file once; the reports go to err. */
    static long read(String file, Consumer<Event> consumer, PrintWriter err) {
        checkExists(file);
        EventFileReader reader = new EventFileReader(displayName(file));
        long n;
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            n = reader.read(in, consumer);
        } catch (NoSuchFileException e) {
            throw new UserException("--events: no such file: " + file);
        } catch (IOException e) {
            throw new UserException("--events: cannot read " + file + ": " + e.getMessage(), Main.EXIT_FAILURE);
        }
        report(reader, n, err);
        return n;
    }

    /**
     * Prints the reader's problems; when the reading stopped (binary input) and nothing usable came before, that is
     * a failure (exit 1), not an empty result.
     */
    static void report(EventFileReader reader, long events, PrintWriter err) {
        for (String r : reader.reports()) {
            err.println("hookline: " + r);
        }
        if (reader.stopped() != null) {
            if (events == 0) {
                err.flush();
                throw new UserException("--events: " + reader.stopped(), Main.EXIT_FAILURE);
            }
            err.println("hookline: warning: " + reader.stopped() + " (" + events + " events read before it)");
        }
        err.flush();
    }
}
