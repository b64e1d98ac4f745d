package dev.threadproof.mutation;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Thread-safe: compiles one mutant, the mutated file and the {@code MutantRaces} helper, against the original compiled
 * classes, into a folder of its own; classes there shadow the originals when that folder comes first on a classpath.
 *
 * <p>A mutant that does not compile is invalid: it is listed, never run, and never counted as killed.
 */
public final class MutantCompiler {
    private MutantCompiler() {
    }

    /** Immutable: whether a mutant compiled, and javac's errors when it did not. */
    public static final class Result {
        private final boolean valid;
        private final String errors;

        Result(boolean valid, String errors) {
            this.valid = valid;
            this.errors = errors;
        }

        /**
         * Immutable: whether the mutant compiled.
         *
         * @return true when it compiled
         */
        public boolean valid() {
            return valid;
        }

        /**
         * Immutable: javac's errors, empty when it compiled.
         *
         * @return the errors
         */
        public String errors() {
            return errors;
        }
    }

    /**
     * Thread-safe: compiles {@code mutant} into {@code out} (created; it must be empty or absent).
     *
     * @param mutant the mutant
     * @param classpath the original classes and their dependencies
     * @param out where the mutant's classes go
     * @return whether it compiled
     * @throws IOException if the sources cannot be written
     * @throws IllegalStateException if this JVM has no compiler (a JRE, not a JDK)
     */
    public static Result compile(Mutant mutant, List<Path> classpath, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this JVM (" + System.getProperty("java.home")
                    + "): run the mutation tool on a JDK");
        }
        Path src = Files.createDirectories(out.resolve("src"));
        Path classes = Files.createDirectories(out.resolve("classes"));
        Path file = src.resolve(mutant.file());
        Files.createDirectories(file.getParent());
        Files.writeString(file, mutant.source(), StandardCharsets.UTF_8);
        String pkg = mutant.file().contains("/") ? mutant.file().substring(0, mutant.file().lastIndexOf('/'))
                .replace('/', '.') : "";
        Path helper = file.resolveSibling(Operators.HELPER + ".java");
        Files.writeString(helper, MutantGenerator.helperSource(pkg), StandardCharsets.UTF_8);
        List<String> options = new ArrayList<>(List.of("--release", "17", "-proc:none", "-nowarn", "-d",
                classes.toString(), "-cp", String.join(java.io.File.pathSeparator,
                        classpath.stream().map(Path::toString).toArray(String[]::new))));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjects(file.toFile(), helper.toFile());
            StringWriter log = new StringWriter();
            boolean ok = javac.getTask(log, fm, diagnostics, options, null, units).call();
            StringBuilder errors = new StringBuilder(log.toString());
            diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                    .forEach(d -> errors.append(d.getSource() == null ? "" : Path.of(d.getSource().getName())
                            .getFileName() + ":" + d.getLineNumber() + ": ").append(d.getMessage(Locale.ROOT))
                            .append('\n'));
            return new Result(ok, ok ? "" : errors.toString());
        }
    }
}
