package dev.threadproof.report;

import dev.threadproof.annotations.ThreadSafety;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The public API of any library, read by reflection from its compiled classes (folders or jars) under the package
 * prefixes given: every public type and public member, with its declared {@link ThreadSafety} level.
 *
 * <p>The classes are loaded, never initialized, in a class loader of their own: the JDK, the classpath given, and
 * {@code dev.threadproof.annotations} from the report itself, so the annotations the library was compiled against are
 * the ones read here and nothing else of the report (or of the Maven process running it) leaks into the library's view.
 */
final class ApiModel {
    private ApiModel() {
    }

    /** One row of the report: a public type, or a public member name of it (overloads share a row). */
    static final class Row {
        final String type;
        final String member;
        final String level;     // null when undeclared
        final String note;
        final boolean userContract;

        Row(String type, String member, String level, String note, boolean userContract) {
            this.type = type;
            this.member = member;
            this.level = level;
            this.note = note;
            this.userContract = userContract;
        }

        String simpleName() {
            String t = type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
            return member.isEmpty() ? t : t + "." + member;
        }

        boolean needsEvidence() {
            return !userContract && ("THREAD_SAFE".equals(level) || "CONDITIONAL".equals(level));
        }
    }

    /**
     * A class loader over {@code roots} and {@code classpath} that sees the JDK and, from the report, only
     * {@code dev.threadproof.annotations}: annotations read through it are the report's own types.
     */
    static URLClassLoader isolatedLoader(List<Path> roots, List<Path> classpath) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (Path p : roots) {
            urls.add(p.toUri().toURL());
        }
        for (Path p : classpath) {
            urls.add(p.toUri().toURL());
        }
        ClassLoader annotationsOnly = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.startsWith(ThreadSafety.class.getPackageName() + ".")) {
                    return ThreadSafety.class.getClassLoader().loadClass(name);
                }
                throw new ClassNotFoundException(name);
            }
        };
        return new URLClassLoader(urls.toArray(new URL[0]), annotationsOnly);
    }

    /**
     * Reads every public type and member under {@code packages} in {@code roots}.
     *
     * @param roots     the library's compiled classes: folders or jars; each must exist
     * @param classpath what those classes need to load (their dependencies); entries that do not exist are ignored,
     *                  as javac and Maven do
     * @param packages  package prefixes, as {@code com.example.cache}; each must match at least one class
     * @return the rows, sorted by type and member
     * @throws BadInputException when a root does not exist, a prefix matches no class, a class cannot be loaded, or an
     *                           annotation names a level this report does not know
     */
    static List<Row> read(List<Path> roots, List<Path> classpath, List<String> packages) throws IOException {
        if (roots.isEmpty()) {
            throw new BadInputException("no classes were given: name the compiled classes of the API to certify "
                    + "(--classes DIR|JAR, or the plugin's classesDirectory)");
        }
        if (packages.isEmpty()) {
            throw new BadInputException("no package was given: name the package prefixes of the API to certify "
                    + "(--package com.example.lib, or the plugin's <packages>)");
        }
        Map<String, List<String>> byPackage = new TreeMap<>();
        for (String p : packages) {
            if (p.isBlank() || !p.matches("[\\p{javaJavaIdentifierPart}.]+") || p.startsWith(".") || p.endsWith(".")) {
                throw new BadInputException("package prefix '" + p + "' is not a Java package name");
            }
            byPackage.put(p, new ArrayList<>());
        }
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new BadInputException("classes folder or jar " + root + " does not exist (was the library "
                        + "compiled? a report of nothing would be green)");
            }
            if (Files.isDirectory(root)) {
                collect(root, byPackage);
            } else {
                try (FileSystem fs = FileSystems.newFileSystem(root, (ClassLoader) null)) {
                    collect(fs.getPath("/"), byPackage);
                } catch (IOException | RuntimeException e) {
                    throw new BadInputException("classes " + root + " is neither a folder nor a readable jar: " + e);
                }
            }
        }
        for (Map.Entry<String, List<String>> e : byPackage.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new BadInputException("package prefix '" + e.getKey() + "' matches no class in " + roots
                        + " (a misspelt package would certify nothing)");
            }
        }
        Map<String, Row> rows = new TreeMap<>();
        try (URLClassLoader loader = isolatedLoader(roots, classpath)) {
            for (List<String> names : byPackage.values()) {
                for (String name : names) {
                    Class<?> c;
                    try {
                        c = Class.forName(name, false, loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        throw new BadInputException("class " + name + " cannot be loaded from " + roots + " with "
                                + "the classpath given (" + e + "): pass the library's dependencies as its classpath");
                    }
                    if (exported(c)) {
                        read(c, rows);
                    }
                }
            }
        }
        if (rows.isEmpty()) {
            throw new BadInputException("no public type under " + packages + " in " + roots
                    + ": the report would list nothing");
        }
        return new ArrayList<>(rows.values());
    }

    private static void read(Class<?> c, Map<String, Row> rows) {
        ThreadSafety ts = level(c, c.getName());
        rows.put(c.getName(), new Row(c.getName(), "", ts == null ? null : ts.level().name(),
                ts == null ? "" : ts.note(), false));
        List<Member> members = new ArrayList<>();
        try {
            for (Method m : c.getDeclaredMethods()) {
                boolean implicitEnum = c.isEnum() && (m.getName().equals("values") || m.getName().equals("valueOf"));
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge() && !implicitEnum) {
                    members.add(m);
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (Modifier.isPublic(k.getModifiers())) {
                    members.add(k);
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers()) && !f.isEnumConstant()) {
                    members.add(f);
                }
            }
        } catch (LinkageError e) {
            throw new BadInputException("the members of " + c.getName() + " cannot be read with the classpath given ("
                    + e + "): pass the library's dependencies as its classpath");
        }
        for (Member m : members) {
            String memberName = m instanceof Constructor ? "<init>" : m.getName();
            ThreadSafety mts = level((AnnotatedElement) m, c.getName() + "." + memberName);
            boolean contract = m instanceof Method && c.isInterface() && !c.isAnnotation()
                    && Modifier.isAbstract(m.getModifiers());
            String key = c.getName() + "#" + memberName;
            Row prev = rows.get(key);
            String level = mts == null ? null : mts.level().name();
            if (prev != null && prev.level != null && level != null && !prev.level.equals(level)) {
                level = prev.level + "/" + level; // overloads disagree: shown as such
            }
            if (prev != null && prev.level == null) {
                level = null; // one undeclared overload makes the row undeclared
            }
            rows.put(key, new Row(c.getName(), memberName, level, mts == null ? "" : mts.note(), contract));
        }
    }

    /** The element's {@code @ThreadSafety}, or null; an annotation whose level this report does not know is bad input. */
    private static ThreadSafety level(AnnotatedElement e, String name) {
        ThreadSafety ts;
        try {
            ts = e.getAnnotation(ThreadSafety.class);
            if (ts != null) {
                ts.level();
            }
        } catch (EnumConstantNotPresentException x) {
            throw new BadInputException(name + " declares @ThreadSafety(level = " + x.constantName() + "), which is "
                    + "not a level: use one of " + java.util.Arrays.toString(ThreadSafety.Level.values())
                    + " (was it compiled against another threadproof-annotations?)");
        } catch (RuntimeException | LinkageError x) {
            throw new BadInputException("the @ThreadSafety of " + name + " cannot be read: " + x);
        }
        return ts;
    }

    private static void collect(Path root, Map<String, List<String>> byPackage) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.forEach(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (!rel.endsWith(".class") || rel.endsWith("package-info.class") || rel.endsWith("module-info.class")
                        || rel.startsWith("META-INF/")) {
                    return;
                }
                String name = rel.substring(0, rel.length() - 6).replace('/', '.');
                for (Map.Entry<String, List<String>> e : byPackage.entrySet()) {
                    if (name.startsWith(e.getKey() + ".")) {
                        e.getValue().add(name);
                    }
                }
            });
        }
    }

    /** Splits a path list (the platform's separator) into paths, dropping empty entries. */
    static List<Path> paths(String pathList) {
        List<Path> out = new ArrayList<>();
        for (String s : pathList.split(File.pathSeparator)) {
            if (!s.isBlank()) {
                out.add(Path.of(s));
            }
        }
        return out;
    }

    private static boolean exported(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return !c.isAnonymousClass() && !c.isSynthetic();
    }
}
