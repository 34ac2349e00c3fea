package dev.hookline.linux.fanotify;

/**
 * Where the audit collector meets the file collector (the agent creates collectors independently, so this is their
 * meeting point, like the DNS cache). A file row can be held for a while (its writer is too young to be sure of),
 * and a download that is run at once would otherwise reach the rules before the write that made it: the exec is
 * published by another thread. The audit collector calls {@link #beforeExec} just before it publishes an exec.
 */
public final class WriteBeforeExec {
    private static final WriteBeforeExec SHARED = new WriteBeforeExec();

    private volatile FanotifyCollector collector;

    public static WriteBeforeExec shared() {
        return SHARED;
    }

    synchronized void register(FanotifyCollector c) {
        collector = c;
    }

    /** Forgets {@code c} if it is the one registered (a collector closed after another started leaves it alone). */
    synchronized void unregister(FanotifyCollector c) {
        if (collector == c) {
            collector = null;
        }
    }

    /** Publishes, on this thread, the file rows still pending for {@code imagePath}; no-op without a file collector. */
    public void beforeExec(String imagePath) {
        FanotifyCollector c = collector;
        if (c != null) {
            c.flushBefore(imagePath);
        }
    }
}
