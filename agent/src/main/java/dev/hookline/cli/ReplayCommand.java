package dev.hookline.cli;

import dev.hookline.io.EventJsonWriter;
import dev.hookline.record.RawFile;
import dev.hookline.record.RecordException;
import dev.hookline.record.Replaying;
import dev.hookline.schema.Event;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Feed a recording (`hookline record`) back through its collector's decoders and normalizers "
                + "and print the rows it yields as MDE events, one JSON line each: input for `hookline detect --events`"
                + " and `hookline query --events`. Runs on any OS (a Windows or macOS recording replays here too)."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording.")
    Path file;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the events here instead of stdout.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RawFile.Contents c;
        try {
            c = RawFile.read(file);
        } catch (IOException e) {
            throw new UserException("replay: " + e.getMessage());
        }
        if (c.truncated()) {
            err.println("hookline replay: warning: " + file + " ends inside a record (the recorder was killed); "
                    + "its " + c.records().size() + " whole records are replayed");
        }
        Replaying.Result r;
        try {
            r = Replaying.replay(c);
        } catch (RecordException e) {
            throw new UserException("replay: " + e.getMessage());
        }
        try (Writer w = out != null ? Files.newBufferedWriter(out, StandardCharsets.UTF_8)
                : new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
            for (Event e : r.events()) {
                w.write(EventJsonWriter.toJson(e));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UserException("replay: cannot write the events: " + e.getMessage(), Main.EXIT_FAILURE);
        }
        r.healthAlerts().forEach(a -> err.println("hookline replay: health alert " + a));
        err.println("hookline replay: " + c.records().size() + " records of " + c.header().collector() + " from "
                + c.header().deviceName() + " -> " + r.events().size() + " events");
        return 0;
    }
}
