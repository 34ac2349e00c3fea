package dev.hookline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.io.EventFileReader;
import dev.hookline.kql.TableSource;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;
import dev.hookline.schema.Times;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: the seed test-procedure events and the verbatim seed queries from ../shared/seeds. */
public final class Fixtures {
    /** The "now" the seed fixtures are written for (their Timestamps are minutes before it). */
    public static final long NOW = Times.parse("2026-11-20T12:00:00Z");

    private Fixtures() {
    }

    public static Path seedsDir() {
        String p = System.getProperty("hookline.seeds");
        Path dir = p != null ? Path.of(p) : Path.of("../../shared/seeds");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("seed queries not found at " + dir.toAbsolutePath()
                    + " (the repository expects ../shared/seeds beside it)");
        }
        return dir;
    }

    public static String seed(String name) {
        try {
            return Files.readString(seedsDir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Event> events(String resource) {
        List<Event> out = new ArrayList<>();
        EventFileReader reader = new EventFileReader(resource);
        try (InputStream in = stream(resource)) {
            reader.read(in, e -> out.add(e.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!reader.reports().isEmpty() || reader.stopped() != null) {
            throw new IllegalStateException(reader.reports() + " " + reader.stopped());
        }
        return out;
    }

    /** ReportId → the fixture's "_case" name and "_expect" arm names. */
    public static Map<Long, Case> cases(String resource) {
        Map<Long, Case> out = new HashMap<>();
        ObjectMapper m = new ObjectMapper();
        try (BufferedReader r = reader(resource)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = m.readTree(line);
                List<String> expect = new ArrayList<>();
                n.get("_expect").forEach(x -> expect.add(x.asText()));
                out.put(n.get("ReportId").asLong(), new Case(n.get("_case").asText(), expect));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static TableSource source(List<Event> events) {
        return (table, consumer) -> {
            for (Event e : events) {
                if (e.table() == table) {
                    consumer.accept(e);
                }
            }
        };
    }

    public static long reportId(Event e) {
        return e.getLong(Columns.REPORT_ID);
    }

    private static BufferedReader reader(String resource) {
        return new BufferedReader(new InputStreamReader(stream(resource), StandardCharsets.UTF_8));
    }

    private static InputStream stream(String resource) {
        InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + resource);
        if (in == null) {
            throw new IllegalStateException("missing fixture " + resource);
        }
        return in;
    }

    public record Case(String name, List<String> expectedArms) {
    }
}
