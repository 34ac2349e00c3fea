package dev.hookline.cli;

import dev.hookline.schema.Times;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** --now: the one "now" of every ago()/now(), so an old capture can be replayed as if it were live. */
final class NowOption {
    @Option(names = "--now", paramLabel = "TIME",
            description = "Evaluate ago()/now() as of this ISO-8601 UTC time (default: the current time).")
    String now;

    long nanos() {
        if (now == null) {
            return Times.nowNanos();
        }
        try {
            return Times.parse(now);
        } catch (DateTimeParseException e) {
            throw new UserException("--now: not an ISO-8601 time: " + now);
        }
    }
}
