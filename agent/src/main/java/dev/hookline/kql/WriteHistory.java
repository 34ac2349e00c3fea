package dev.hookline.kql;

/**
 * Recently written files behind the Hookline functions {@code hookline_recently_written_by()} and
 * {@code hookline_recently_written_below()}: which process last created, modified or renamed a file into a path, and
 * when. The agent and offline detection feed it from DeviceFileEvents as events go by (see
 * {@link dev.hookline.writes.RecentWrites}). Lookups return a handle that is valid until the next event is fed; they
 * run on the evaluating thread and must not allocate or block.
 */
public interface WriteHistory {
    /** The longest window a function may ask for (1 h); an index keeps writes at least this long. */
    long MAX_WINDOW_NANOS = 3_600_000_000_000L;

    /** Knows no writes: the functions are false. */
    WriteHistory NONE = new WriteHistory() {
        @Override
        public int find(String path, long atNanos, long windowNanos) {
            return -1;
        }

        @Override
        public long writerPid(int handle) {
            return Long.MIN_VALUE;
        }

        @Override
        public String writerFileName(int handle) {
            return null;
        }

        @Override
        public String writerCommandLine(int handle) {
            return null;
        }

        @Override
        public long writerParentPid(int handle) {
            return Long.MIN_VALUE;
        }

        @Override
        public String writerParentFileName(int handle) {
            return null;
        }
    };

    /**
     * The last write of exactly this path that happened at most windowNanos before atNanos (and not clearly after
     * it: a small clock allowance covers collectors that stamp events at read time), as a handle, or -1.
     */
    int find(String path, long atNanos, long windowNanos);

    long writerPid(int handle);

    String writerFileName(int handle);

    String writerCommandLine(int handle);

    long writerParentPid(int handle);

    String writerParentFileName(int handle);
}
