package dev.hookline.windows;

import dev.hookline.collector.CollectorContext;
import dev.hookline.collector.RawRecord;
import dev.hookline.collector.RawReplay;
import dev.hookline.windows.etw.EtwRecord;
import dev.hookline.windows.etw.EtwRecordBytes;
import dev.hookline.windows.normalize.DevicePaths;
import dev.hookline.windows.normalize.EtwNormalizer;
import dev.hookline.windows.normalize.SidResolver;
import java.util.Map;

/**
 * Recorded EVENT_RECORDs through the collector's own reader and normalizer, as the ProcessTrace callback feeds them
 * live, with the host's recorded device map. Nothing live is read, so a recording replays on any OS: no process
 * seed (a process the records never showed has no image), SIDs without account names.
 */
public final class EtwReplay implements RawReplay {
    @Override
    public void replay(Iterable<RawRecord> records, CollectorContext context) {
        EtwSettings s = context.settings(EtwSettings.DEFAULTS);
        EtwNormalizer normalizer = null;
        EtwRecord record = new EtwRecord();
        for (RawRecord r : records) {
            if (r.type() == EtwRecordBytes.DEVICE_MAP) {
                if (normalizer == null) {
                    normalizer = normalizer(context, s, EtwRecordBytes.deviceMap(r.data()));
                }
                continue;
            }
            if (normalizer == null) {
                normalizer = normalizer(context, s, Map.of()); // a recording without a map: NT paths stay
            }
            if (r.type() == EtwRecordBytes.EVENT_RECORD && EtwRecordBytes.read(r.data(), record)) {
                normalizer.accept(record);
            }
        }
        if (normalizer != null) {
            normalizer.flush();
        }
    }

    private static EtwNormalizer normalizer(CollectorContext context, EtwSettings s, Map<String, String> devices) {
        return new EtwNormalizer(context.events(), context.processes(), context.host(), SidResolver.SID_ONLY,
                new DevicePaths(devices), s.commandLines(), EtwNormalizer.DEFAULT_JOIN_WINDOW_NANOS,
                context.agentPid());
    }
}
