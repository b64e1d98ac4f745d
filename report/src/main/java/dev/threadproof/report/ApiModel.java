package dev.threadproof.report;

import dev.threadproof.runtime.ThreadSafety;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The runtime's public API, read by reflection from the jar (or classes folder) that holds {@link ThreadSafety}. */
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

    static List<Row> read() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Paths.get(ThreadSafety.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            collect(root, names);
        } else {
            try (FileSystem fs = FileSystems.newFileSystem(root, (ClassLoader) null)) {
                collect(fs.getPath("/"), names);
            }
        }
        Map<String, Row> rows = new TreeMap<>();
        for (String name : names) {
            Class<?> c = Class.forName(name, false, ApiModel.class.getClassLoader());
            if (!exported(c)) {
                continue;
            }
            ThreadSafety ts = c.getAnnotation(ThreadSafety.class);
            rows.put(c.getName(), new Row(c.getName(), "", ts == null ? null : ts.level().name(),
                    ts == null ? "" : ts.note(), false));
            List<Member> members = new ArrayList<>();
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
            for (Member m : members) {
                ThreadSafety mts = ((java.lang.reflect.AnnotatedElement) m).getAnnotation(ThreadSafety.class);
                String memberName = m instanceof Constructor ? "<init>" : m.getName();
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
        return new ArrayList<>(rows.values());
    }

    private static void collect(Path root, List<String> names) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.forEach(p -> {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith("dev/threadproof/runtime/") && rel.endsWith(".class")
                        && !rel.endsWith("package-info.class")) {
                    names.add(rel.substring(0, rel.length() - 6).replace('/', '.'));
                }
            });
        }
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
