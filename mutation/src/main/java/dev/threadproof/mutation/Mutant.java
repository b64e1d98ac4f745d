package dev.threadproof.mutation;

/**
 * Immutable: one planted race, a copy of one source file with one concurrency mutation applied.
 *
 * <p>{@link #id()} is stable while the source does not change: file, line, operator and the mutation point's index
 * within its operator in that file.
 */
public final class Mutant {
    private final String operator;
    private final String file;
    private final String type;
    private final String member;
    private final int line;
    private final int index;
    private final String before;
    private final String after;
    private final String source;

    Mutant(String operator, String file, String type, String member, int line, int index, String before, String after,
           String source) {
        this.operator = operator;
        this.file = file;
        this.type = type;
        this.member = member;
        this.line = line;
        this.index = index;
        this.before = before;
        this.after = after;
        this.source = source;
    }

    /**
     * Immutable: a stable name, {@code File.java:LINE:OPERATOR:INDEX}.
     *
     * @return the id
     */
    public String id() {
        return file.substring(file.lastIndexOf('/') + 1) + ":" + line + ":" + operator + ":" + index;
    }

    /**
     * Immutable: the operator's name, e.g. {@code REMOVE_VOLATILE}.
     *
     * @return the operator
     */
    public String operator() {
        return operator;
    }

    /**
     * Immutable: the mutated file, relative to the source root, with {@code /} separators.
     *
     * @return the file
     */
    public String file() {
        return file;
    }

    /**
     * Immutable: the simple name of the outermost type declared in the file.
     *
     * @return the type
     */
    public String type() {
        return type;
    }

    /**
     * Immutable: the method, constructor or field whose code was mutated ({@code <init>} for a constructor,
     * {@code <clinit>} for a static initializer).
     *
     * @return the member
     */
    public String member() {
        return member;
    }

    /**
     * Immutable: the first line the mutation changed.
     *
     * @return the 1-based line
     */
    public int line() {
        return line;
    }

    /**
     * Immutable: the changed lines before the mutation, joined and trimmed.
     *
     * @return the original text
     */
    public String before() {
        return before;
    }

    /**
     * Immutable: the changed lines after the mutation, joined and trimmed.
     *
     * @return the mutated text
     */
    public String after() {
        return after;
    }

    /**
     * Immutable: the whole mutated file.
     *
     * @return the source text
     */
    public String source() {
        return source;
    }

    /**
     * Immutable: the one-line diff, {@code - before  + after}.
     *
     * @return the diff
     */
    public String diff() {
        return "- " + before + "  + " + after;
    }

    @Override
    public String toString() {
        return id() + " in " + type + "." + member + ": " + diff();
    }
}
