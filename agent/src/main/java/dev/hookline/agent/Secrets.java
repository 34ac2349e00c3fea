package dev.hookline.agent;

import java.io.IOException;

/** Secrets come from the environment, named in the config; their values never appear in messages. */
public final class Secrets {
    private Secrets() {
    }

    /** The variable's value, null when no variable is named; an error naming the key when it is named but unset. */
    public static String fromEnv(String variable, String configKey) throws IOException {
        if (variable == null || variable.isBlank()) {
            return null;
        }
        String v = System.getenv(variable);
        if (v == null || v.isBlank()) {
            throw new IOException(configKey + " names environment variable " + variable + ", which is not set");
        }
        return v;
    }
}
