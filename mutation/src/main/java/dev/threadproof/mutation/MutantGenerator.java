package dev.threadproof.mutation;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.printer.lexicalpreservation.LexicalPreservingPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Thread-safe (stateless): applies the {@link Operators} to every Java file under a source root, one mutation point
 * at a time, and returns the mutants; the files on disk are only read.
 *
 * <p>Files are parsed with JavaParser (Java 17 syntax) and printed with its lexical-preserving printer, so a mutant
 * differs from the original only where the operator changed it.
 */
public final class MutantGenerator {
    private MutantGenerator() {
    }

    private static CompilationUnit parse(String text, String file) {
        ParserConfiguration config = new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17);
        ParseResult<CompilationUnit> r = new JavaParser(config).parse(text);
        if (!r.isSuccessful() || r.getResult().isEmpty()) {
            throw new IllegalArgumentException("cannot parse " + file + ": " + r.getProblems());
        }
        return r.getResult().get();
    }

    /**
     * Thread-safe: every mutant of every {@code .java} file under {@code root}, in file order, then operator order,
     * then document order.
     *
     * @param root a source root, e.g. {@code runtime/src/main/java}
     * @param operators the operators to apply
     * @return the mutants
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if {@code root} is not a folder, holds no Java file, or a file does not parse
     */
    public static List<Mutant> generate(Path root, List<Operators.Operator> operators) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("root is not a folder: " + root);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("root holds no .java file: " + root);
        }
        List<Mutant> out = new ArrayList<>();
        for (Path f : files) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            out.addAll(mutate(rel, Files.readString(f, StandardCharsets.UTF_8), operators));
        }
        return out;
    }

    /** Every mutant of one file's text. */
    static List<Mutant> mutate(String file, String text, List<Operators.Operator> operators) {
        CompilationUnit original = parse(text, file);
        String type = original.getPrimaryTypeName()
                .orElse(original.getTypes().isEmpty() ? file : original.getType(0).getNameAsString());
        List<Mutant> out = new ArrayList<>();
        for (Operators.Operator op : operators) {
            int n = op.points(original).size();
            for (int k = 0; k < n; k++) {
                CompilationUnit cu = parse(text, file);
                LexicalPreservingPrinter.setup(cu);
                Node point = op.points(cu).get(k);
                int line = point.getBegin().map(p -> p.line).orElse(0);
                String member = member(point, type);
                op.apply(point, cu);
                String mutated = LexicalPreservingPrinter.print(cu);
                if (mutated.equals(text)) {
                    continue;
                }
                String[] diff = diff(text, mutated);
                out.add(new Mutant(op.name(), file, type, member, Integer.parseInt(diff[2]), k, diff[0], diff[1],
                        mutated));
            }
        }
        return out;
    }

    /** The method, constructor, initializer or field a node belongs to. */
    static String member(Node n, String type) {
        for (Node p = n; p != null; p = p.getParentNode().orElse(null)) {
            if (p instanceof MethodDeclaration) {
                return ((MethodDeclaration) p).getNameAsString();
            }
            if (p instanceof ConstructorDeclaration) {
                return "<init>";
            }
            if (p instanceof InitializerDeclaration) {
                return ((InitializerDeclaration) p).isStatic() ? "<clinit>" : "<init>";
            }
            if (p instanceof FieldDeclaration) {
                return ((FieldDeclaration) p).getVariable(0).getNameAsString();
            }
        }
        return type;
    }

    /** {before, after, first changed line}: the lines that differ, each side joined and trimmed. */
    static String[] diff(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        int head = 0;
        while (head < x.length && head < y.length && x[head].equals(y[head])) {
            head++;
        }
        int tx = x.length - 1;
        int ty = y.length - 1;
        while (tx >= head && ty >= head && x[tx].equals(y[ty])) {
            tx--;
            ty--;
        }
        return new String[] {join(x, head, tx), join(y, head, ty), String.valueOf(head + 1)};
    }

    private static String join(String[] lines, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            String t = lines[i].trim();
            if (!t.isEmpty()) {
                b.append(b.length() == 0 ? "" : " ").append(t);
            }
        }
        return b.length() == 0 ? "(nothing)" : b.toString();
    }

    /**
     * Thread-safe: the source of the helper class that {@code SPLIT_RMW} and {@code THREADLOCAL_TO_SHARED} mutants
     * call, for the package {@code pkg}; it goes into the mutant's copy of the tree.
     *
     * @param pkg the package of the mutated file
     * @return the Java source of {@code MutantRaces}
     */
    public static String helperSource(String pkg) {
        try (InputStream in = MutantGenerator.class.getResourceAsStream("MutantRaces.java.txt")) {
            if (in == null) {
                throw new IllegalStateException("MutantRaces.java.txt is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("package PACKAGE;",
                    "package " + pkg + ";");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
