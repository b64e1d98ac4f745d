package dev.threadproof.junit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Thread-safe: finds calls to process-global mutators ({@code System.setOut}, {@code Locale.setDefault}, Mockito's
 * {@code mockStatic}, ...) in a test method's bytecode and in what it calls, two levels deep, so that such a test runs
 * once instead of free-threaded.
 *
 * <p>Level 0 is the test method itself, with the bodies of lambdas and method references it creates; level 1 the
 * methods it calls; level 2 the methods those call. Calls into the JDK are matched against the patterns but not
 * followed. Class files are read with ASM through the test class's class loader and cached for the run.
 *
 * <p>The same walk also finds writes of static fields ({@code PUTSTATIC}; a write outside a static initializer is a
 * write of a non-final field) of classes from the project's own test classes, the folder or jar the test class was
 * loaded from: a helper that rotates a static password, a counter field of the test class. Such state is shared by
 * every thread of a free-threaded test, as process-global state is.
 */
final class UnsafeCallScanner {

    /** Process-global mutators found in JDK and test-library APIs: {@code class#method}, {@code *} for any run. */
    static final List<String> DEFAULT_PATTERNS = List.of(
            "java.lang.System#setOut", "java.lang.System#setErr", "java.lang.System#setIn",
            "java.lang.System#setProperty", "java.lang.System#clearProperty", "java.lang.System#setProperties",
            "java.lang.System#setSecurityManager",
            "java.util.Locale#setDefault", "java.util.TimeZone#setDefault",
            "java.lang.Thread#setDefaultUncaughtExceptionHandler",
            "java.lang.Runtime#addShutdownHook", "java.lang.Runtime#removeShutdownHook",
            "java.lang.ClassLoader#setDefaultAssertionStatus",
            "java.net.Authenticator#setDefault", "java.net.CookieHandler#setDefault", "java.net.ProxySelector#setDefault",
            "java.net.ResponseCache#setDefault", "java.net.URL#setURLStreamHandlerFactory",
            "java.net.URLConnection#setContentHandlerFactory", "java.net.URLConnection#setFileNameMap",
            "java.net.URLConnection#setDefaultUseCaches", "java.net.HttpURLConnection#setFollowRedirects",
            "javax.net.ssl.HttpsURLConnection#setDefaultSSLSocketFactory",
            "javax.net.ssl.HttpsURLConnection#setDefaultHostnameVerifier", "javax.net.ssl.SSLContext#setDefault",
            "java.security.Security#setProperty", "java.security.Security#addProvider",
            "java.security.Security#insertProviderAt", "java.security.Security#removeProvider",
            "java.util.logging.LogManager#reset", "java.util.logging.LogManager#readConfiguration",
            "java.util.logging.LogManager#updateConfiguration",
            "java.sql.DriverManager#registerDriver", "java.sql.DriverManager#deregisterDriver",
            "java.sql.DriverManager#setLogWriter", "java.sql.DriverManager#setLoginTimeout",
            "java.beans.PropertyEditorManager#registerEditor", "java.beans.PropertyEditorManager#setEditorSearchPath",
            "org.mockito.Mockito#mockStatic", "org.mockito.Mockito#mockConstruction*",
            "org.mockito.MockedStatic#*", "org.mockito.MockedConstruction#*");

    /** How many call levels below the test method are read. */
    static final int DEPTH = 2;

    private final List<Pattern> patterns = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    private final Map<String, Optional<Map<String, ClassMethod>>> classes = new ConcurrentHashMap<>();

    UnsafeCallScanner(List<String> extra) {
        List<String> all = new ArrayList<>(DEFAULT_PATTERNS);
        all.addAll(extra);
        for (String p : all) {
            sources.add(p);
            StringBuilder regex = new StringBuilder();
            for (char c : p.toCharArray()) {
                regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
            }
            patterns.add(Pattern.compile(regex.toString()));
        }
    }

    /** One method's body: the methods it calls and the lambda bodies it creates. */
    private static final class ClassMethod {
        final String superName;
        final List<String[]> calls = new ArrayList<>();
        final List<String[]> lambdas = new ArrayList<>();
        /** Static fields written: {owner, name}. */
        final List<String[]> staticWrites = new ArrayList<>();

        ClassMethod(String superName) {
            this.superName = superName;
        }
    }

    /**
     * Why {@code method} cannot run free-threaded, or empty.
     *
     * @return e.g. {@code calls java.lang.System#setOut (in Foo#test -> Foo#redirect)}
     */
    Optional<String> scan(Method method) {
        ClassLoader loader = method.getDeclaringClass().getClassLoader();
        String owner = Type.getInternalName(method.getDeclaringClass());
        return visit(loader, owner, method.getName(), Type.getMethodDescriptor(method), 0, new ArrayList<>(),
                new HashSet<>(), this::unsafeCall);
    }

    /**
     * The first write of a static field of a class from the project's own test classes in {@code method} (run by
     * {@code testClass}) or what it calls, two levels deep, or empty.
     *
     * @return e.g. {@code writes static field com.example.Fixtures.password (in FooTest#login -> Fixtures#rotate)}
     */
    Optional<String> scanStaticWrites(Method method, Class<?> testClass) {
        ClassLoader loader = method.getDeclaringClass().getClassLoader();
        ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
        String root = root(l, Type.getInternalName(testClass));
        if (root == null) {
            return Optional.empty();
        }
        String owner = Type.getInternalName(method.getDeclaringClass());
        return visit(loader, owner, method.getName(), Type.getMethodDescriptor(method), 0, new ArrayList<>(),
                new HashSet<>(), m -> {
                    for (String[] w : m.staticWrites) {
                        java.net.URL u = l.getResource(w[0] + ".class");
                        if (u != null && u.toString().startsWith(root)) {
                            return "writes static field " + w[0].replace('/', '.') + "." + w[1];
                        }
                    }
                    return null;
                });
    }

    /** The URL of the folder or jar a class was loaded from, as a prefix of its classes' resource URLs. */
    private static String root(ClassLoader l, String internalName) {
        java.net.URL u = l.getResource(internalName + ".class");
        if (u == null) {
            return null;
        }
        String url = u.toString();
        return url.endsWith(internalName + ".class") ? url.substring(0, url.length() - internalName.length() - 6)
                : null;
    }

    private String unsafeCall(ClassMethod m) {
        for (String[] call : m.calls) {
            String target = call[0].replace('/', '.') + '#' + call[1];
            for (Pattern p : patterns) {
                if (p.matcher(target).matches()) {
                    return "calls " + target;
                }
            }
        }
        return null;
    }

    private Optional<String> visit(ClassLoader loader, String owner, String name, String desc, int level,
                                   List<String> path, Set<String> seen,
                                   java.util.function.Function<ClassMethod, String> match) {
        if (!seen.add(owner + '.' + name + desc)) {
            return Optional.empty();
        }
        ClassMethod m = find(loader, owner, name, desc);
        if (m == null) {
            return Optional.empty();
        }
        path.add(owner.replace('/', '.') + '#' + name);
        try {
            String found = match.apply(m);
            if (found != null) {
                return Optional.of(found + " (in " + String.join(" -> ", path) + ")");
            }
            for (String[] lambda : m.lambdas) {
                if (!followable(lambda[0])) {
                    continue;
                }
                Optional<String> hit = visit(loader, lambda[0], lambda[1], lambda[2], level, path, seen, match);
                if (hit.isPresent()) {
                    return hit;
                }
            }
            if (level < DEPTH) {
                for (String[] call : m.calls) {
                    if (followable(call[0])) {
                        Optional<String> hit = visit(loader, call[0], call[1], call[2], level + 1, path, seen, match);
                        if (hit.isPresent()) {
                            return hit;
                        }
                    }
                }
            }
            return Optional.empty();
        } finally {
            path.remove(path.size() - 1);
        }
    }

    private static boolean followable(String owner) {
        return !(owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/")
                || owner.startsWith("sun/") || owner.startsWith("com/sun/") || owner.startsWith("["));
    }

    /** The method as declared by {@code owner} or its nearest superclass, or null when no class file is found. */
    private ClassMethod find(ClassLoader loader, String owner, String name, String desc) {
        String cls = owner;
        for (int hops = 0; cls != null && hops < 16; hops++) {
            Map<String, ClassMethod> methods = read(loader, cls).orElse(null);
            if (methods == null) {
                return null;
            }
            ClassMethod m = methods.get(name + desc);
            if (m != null) {
                return m;
            }
            cls = methods.get("<super>").superName;
        }
        return null;
    }

    private Optional<Map<String, ClassMethod>> read(ClassLoader loader, String internalName) {
        return classes.computeIfAbsent(internalName, n -> {
            ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
            try (InputStream in = l.getResourceAsStream(n + ".class")) {
                if (in == null) {
                    return Optional.empty();
                }
                return Optional.of(parse(new ClassReader(in)));
            } catch (IOException | RuntimeException e) { // an unreadable or too-new class file: nothing to follow
                return Optional.empty();
            }
        });
    }

    private static Map<String, ClassMethod> parse(ClassReader reader) {
        Map<String, ClassMethod> methods = new HashMap<>();
        String superName = reader.getSuperName();
        // A class with no methods still records its superclass, under a key no method can have.
        methods.put("<super>", new ClassMethod(superName));
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                ClassMethod m = new ClassMethod(superName);
                methods.put(name + descriptor, m);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String fName, String fDesc) {
                        if (opcode == Opcodes.PUTSTATIC && !name.equals("<clinit>")) {
                            m.staticWrites.add(new String[] {owner, fName});
                        }
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mName, String mDesc, boolean itf) {
                        m.calls.add(new String[] {owner, mName, mDesc});
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String iName, String iDesc, Handle bsm, Object... args) {
                        for (Object a : args) {
                            if (a instanceof Handle) {
                                Handle h = (Handle) a;
                                m.lambdas.add(new String[] {h.getOwner(), h.getName(), h.getDesc()});
                                m.calls.add(new String[] {h.getOwner(), h.getName(), h.getDesc()});
                            }
                        }
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof Handle) {
                            Handle h = (Handle) value;
                            m.calls.add(new String[] {h.getOwner(), h.getName(), h.getDesc()});
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return methods;
    }

    /** The patterns in force, for the documentation and the summary. */
    List<String> patterns() {
        return List.copyOf(sources);
    }
}
