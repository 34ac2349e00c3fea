package dev.hookline.linux.fanotify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The linux-fanotify collector's own counters, exported by name through Collector.counters(). Gauges kept by
 * other parts (marked filesystems, the path cache, the initiator look-ups) are added by {@link #snapshot}.
 */
final class FanotifyCounters {
    /** Events read from the fanotify queue. */
    final AtomicLong events = new AtomicLong();
    final AtomicLong created = new AtomicLong();
    final AtomicLong modified = new AtomicLong();
    final AtomicLong renamed = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();
    /** FAN_Q_OVERFLOW events: the kernel dropped events. */
    final AtomicLong overflows = new AtomicLong();
    /** Directory handles that could not be turned into a path (the row says "&lt;unresolved&gt;"). */
    final AtomicLong unresolved = new AtomicLong();
    /** Events under exclude_paths. */
    final AtomicLong excluded = new AtomicLong();
    /** Events of the agent itself. */
    final AtomicLong ownEvents = new AtomicLong();
    /** The agent's own files whose MODIFY events the kernel now drops (an ignore mark). */
    final AtomicLong ownFilesIgnored = new AtomicLong();
    final AtomicLong ownIgnoreFailures = new AtomicLong();
    final AtomicLong directoryEvents = new AtomicLong();
    /** Events without a name where one was expected. */
    final AtomicLong noName = new AtomicLong();
    /** A FAN_MOVED_FROM without its FAN_MOVED_TO, or the other way round (dirname mode). */
    final AtomicLong unpairedMoves = new AtomicLong();
    /** Bytes that do not form an event: the rest of that read is abandoned. */
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    /** Rows the sink refused (its ring was full). */
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong markFailures = new AtomicLong();
    final AtomicLong sha256Computed = new AtomicLong();
    /** Rows held because their writer was unknown or too young to be sure of. */
    final AtomicLong initiatorWaits = new AtomicLong();
    /** Held rows published early because their file was about to be executed. */
    final AtomicLong releasedForExec = new AtomicLong();

    /**
     * Every counter by name, in the order `hookline status` has always shown them.
     *
     * @param resolver null before start
     * @param initiators null before start
     */
    Map<String, Long> snapshot(int markedFilesystems, long tamperEvents, HandleResolver resolver,
                               InitiatorLookup initiators) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("events", events.get());
        m.put("created", created.get());
        m.put("modified", modified.get());
        m.put("renamed", renamed.get());
        m.put("deleted", deleted.get());
        m.put("overflows", overflows.get());
        m.put("unresolved", unresolved.get());
        m.put("excluded", excluded.get());
        m.put("ownEvents", ownEvents.get());
        m.put("ownFilesIgnored", ownFilesIgnored.get());
        m.put("ownIgnoreFailures", ownIgnoreFailures.get());
        m.put("directoryEvents", directoryEvents.get());
        m.put("noName", noName.get());
        m.put("unpairedMoves", unpairedMoves.get());
        m.put("malformed", malformed.get());
        m.put("errors", errors.get());
        m.put("published", published.get());
        m.put("dropped", dropped.get());
        m.put("markedFilesystems", (long) markedFilesystems);
        m.put("markFailures", markFailures.get());
        m.put("sha256Computed", sha256Computed.get());
        m.put("tamperEvents", tamperEvents);
        if (resolver != null) {
            m.put("pathCacheHits", resolver.hits);
            m.put("pathCacheMisses", resolver.misses);
            m.put("pathResolveFailures", resolver.failures);
        }
        if (initiators != null) {
            m.put("initiatorFromTable", initiators.fromTable);
            m.put("initiatorFromProc", initiators.fromProc);
            m.put("initiatorUnknown", initiators.unknown);
            m.put("initiatorWaits", initiatorWaits.get());
            m.put("releasedForExec", releasedForExec.get());
        }
        return m;
    }
}
