package dev.hookline.cli;

import dev.hookline.io.BadLines;
import dev.hookline.io.EventJsonReader;
import dev.hookline.schema.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads an events file ("-" for stdin), reporting skipped lines on stderr. */
final class EventFiles {
    private EventFiles() {
    }

    static long read(String file, Consumer<Event> consumer, PrintWriter err) {
        String name = file.equals("-") ? "<stdin>" : file;
        BadLines bad = new BadLines(name);
        long n;
        try (BufferedReader in = file.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            n = new EventJsonReader(bad).read(in, consumer);
        } catch (NoSuchFileException e) {
            throw new UserException("--events: no such file: " + file);
        } catch (IOException e) {
            throw new UserException("--events: cannot read " + file + ": " + e.getMessage(), Main.EXIT_FAILURE);
        }
        String report = bad.report();
        if (report != null) {
            err.println("hookline: " + report);
        }
        return n;
    }
}
