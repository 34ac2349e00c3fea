package dev.hookline.agent;

/** The agent cannot start; the message says what is missing and what would still work. */
public class AgentException extends Exception {
    private static final long serialVersionUID = 1L;

    public AgentException(String message) {
        super(message);
    }
}
