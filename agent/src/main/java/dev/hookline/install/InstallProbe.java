package dev.hookline.install;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the resolver may read of a live process and its files, implemented by a collector for its OS (Linux:
 * /proc/PID/environ, /proc/PID/cwd, plain files). Every method returns null when the answer is not available (the
 * process is gone, access is denied): the resolver then falls back on paths alone.
 */
public interface InstallProbe {
    /** The process's environment now (which an exec'd image inherited from its starter), or null. */
    Map<String, String> environ(long pid);

    /** The process's working directory, or null. */
    String cwd(long pid);

    /** A reader over a file (the caller closes it), or null when it cannot be opened; UTF-8 from this host's files. */
    default BufferedReader open(String path) {
        try {
            return Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The names in a directory (not sorted), empty when it cannot be listed. */
    default List<String> list(String dir) {
        return List.of();
    }

    /** A file's bytes (the caller closes the stream), or null: rpm headers, scriptlet temp files. */
    default InputStream openBytes(String path) {
        return null;
    }

    /** The process's parent pid, or -1 when unknown. */
    default long parentPid(long pid) {
        return -1;
    }

    /** The process's arguments (each whole, spaces kept), empty when unknown. */
    default List<String> argv(long pid) {
        return List.of();
    }

    /** The paths the process has open (its file descriptors' targets), empty when unknown. */
    default List<String> openFiles(long pid) {
        return List.of();
    }

    /** A probe that knows nothing: contexts come from paths and inheritance only. */
    InstallProbe NONE = new InstallProbe() {
        @Override
        public Map<String, String> environ(long pid) {
            return null;
        }

        @Override
        public String cwd(long pid) {
            return null;
        }

        @Override
        public BufferedReader open(String path) {
            return null;
        }
    };
}
