package dev.hookline.agent;

import java.io.PrintStream;
import java.nio.file.Path;

/** Runs an agent in a child JVM until it is killed (the kill -9 test's victim). Args: the test directory. */
public final class BlindWindowChild {
    private BlindWindowChild() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty(ReplayCollectorProvider.ENABLE, "true");
        Agent.start(AgentReportsItsBlindWindowAfterAKillTest.config(Path.of(args[0])), new PrintStream(System.out, true));
        System.out.println("child started");
        Thread.sleep(Long.MAX_VALUE);
    }
}
