package dev.hookline.collector;

import java.util.function.Consumer;

/**
 * Where a process collector meets a file collector, handed to both by the agent (one per agent). A file row can be
 * held for a while (its writer is too young to be sure of), and a download that is run at once would otherwise
 * reach the rules after the exec, which another thread publishes. The process collector calls {@link #beforeExec}
 * just before it publishes an exec; the file collector registered what publishes its pending rows for a path.
 */
public final class WriteBeforeExec {
    private volatile Object owner;
    private volatile Consumer<String> flush;

    /** {@code flush} publishes, on the calling thread, the file rows still pending for an image path. */
    public synchronized void register(Object owner, Consumer<String> flush) {
        this.flush = flush;
        this.owner = owner;
    }

    /** Forgets {@code owner}'s hook if it is the one registered (a collector closed after another started leaves it). */
    public synchronized void unregister(Object owner) {
        if (this.owner == owner) {
            this.owner = null;
            this.flush = null;
        }
    }

    /** Publishes, on this thread, the file rows still pending for {@code imagePath}; no-op without a file collector. */
    public void beforeExec(String imagePath) {
        Consumer<String> f = flush;
        if (f != null) {
            f.accept(imagePath);
        }
    }
}
