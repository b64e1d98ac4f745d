package dev.threadproof.report;

/**
 * Immutable: input the report cannot certify anything from (a classes folder that does not exist, a package prefix
 * that matches no class, an unknown level); its message names the problem. The report generator throws it before it
 * writes anything, so bad input never leaves a green report behind.
 */
public final class BadInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Immutable: a new exception.
     *
     * @param message what is wrong and, where it helps, how to fix it
     */
    public BadInputException(String message) {
        super(message);
    }
}
