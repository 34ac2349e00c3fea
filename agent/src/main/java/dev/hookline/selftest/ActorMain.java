package dev.hookline.selftest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The self-test's actions in a child JVM: with {@code --in-process} the agent runs in the selftest process, and
 * every collector leaves out the agent's own activity, so another process must do what is checked. Prints the
 * {@link Actions} as one JSON line on stdout.
 */
public final class ActorMain {
    private ActorMain() {
    }

    /** Arguments: marker, port, directory. */
    public static void main(String[] args) {
        try {
            System.out.println(Actions.perform(args[0], Integer.parseInt(args[1]), Path.of(args[2])).toJson());
            System.out.flush();
        } catch (IOException | RuntimeException e) {
            System.err.println("hookline selftest actor: " + e);
            System.exit(1);
        } catch (InterruptedException e) {
            System.exit(1);
        }
    }

    /** Runs the actions in a child JVM of this one (same runtime, same class path) and returns what it did. */
    static Actions inChildJvm(String marker, int port, Path dir, java.util.function.LongConsumer pid)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ActorMain.class.getName(), marker, Integer.toString(port),
                dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        pid.accept(p.pid());
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the selftest's actor process did not end in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("the selftest's actor process failed (exit " + p.exitValue() + "): "
                    + new String(err, StandardCharsets.UTF_8).strip());
        }
        String text = new String(out, StandardCharsets.UTF_8).strip();
        int nl = text.lastIndexOf('\n');
        return Actions.fromJson(nl < 0 ? text : text.substring(nl + 1));
    }

}
