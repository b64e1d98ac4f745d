package dev.threadproof.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.threadproof.annotations.ThreadSafety;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every public type, constructor, method and field of the runtime declares its thread-safety level. */
class ThreadSafetyDeclarationTest {

    static List<Class<?>> runtimeClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Paths.get(Parallel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.endsWith(".class") && !rel.endsWith("package-info.class")) {
                    // Loaded, not initialized: VectorBlockSums initializes only in a JVM with jdk.incubator.vector.
                    out.add(Class.forName(rel.substring(0, rel.length() - 6).replace('/', '.'), false,
                            Parallel.class.getClassLoader()));
                }
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
        return true;
    }

    @Test
    void everyPublicElementCarriesThreadSafety() throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Class<?> c : runtimeClasses()) {
            if (!exported(c)) {
                continue;
            }
            checked++;
            if (!c.isAnnotationPresent(ThreadSafety.class)) {
                missing.add("type " + c.getName());
            }
            List<Executable> members = new ArrayList<>();
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
            for (Executable e : members) {
                if (!e.isAnnotationPresent(ThreadSafety.class)) {
                    missing.add(c.getName() + "." + e.getName());
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers()) && !f.isEnumConstant()
                        && !f.isAnnotationPresent(ThreadSafety.class)) {
                    missing.add(c.getName() + "." + f.getName());
                }
            }
        }
        assertTrue(checked >= 10, "only " + checked + " public types found: is the scan broken?");
        assertEquals(List.of(), missing, "public elements without @ThreadSafety");
    }
}
