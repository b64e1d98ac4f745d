package dev.threadproof.race.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Thread-safe: what the instrumenter needs to know about classes other than the one it rewrites, read from their
 * class files through the defining loader (never by loading them, which a transformer must not do): the superclass,
 * the interfaces, whether it is an interface, and each declared field's flags and {@code @BenignRace} reason.
 * Cached per loader; guarded by this class's monitor.
 */
final class ClassInfo {
    static final String BENIGN = "Ldev/threadproof/annotations/BenignRace;";
    private static final Object BOOT = new Object();
    private static final Map<Object, Map<String, ClassInfo>> CACHE = new WeakHashMap<>();

    final String name;
    final String superName;
    final String[] interfaces;
    final boolean isInterface;
    final Map<String, int[]> fieldAccess = new HashMap<>();
    final Map<String, String> benign = new HashMap<>();

    private ClassInfo(String name, String superName, String[] interfaces, boolean isInterface) {
        this.name = name;
        this.superName = superName;
        this.interfaces = interfaces;
        this.isInterface = isInterface;
    }

    /** The class's facts, or null when its class file cannot be read. */
    static ClassInfo of(ClassLoader loader, String internalName) {
        Object key = loader == null ? BOOT : loader;
        synchronized (CACHE) {
            Map<String, ClassInfo> m = CACHE.computeIfAbsent(key, k -> new HashMap<>());
            if (m.containsKey(internalName)) {
                return m.get(internalName);
            }
            ClassInfo info = read(loader, internalName);
            m.put(internalName, info);
            return info;
        }
    }

    /** Records the facts of a class from its bytes (the class being rewritten, read once by the transformer). */
    static ClassInfo of(ClassLoader loader, byte[] bytes) {
        ClassInfo info = parse(new ClassReader(bytes));
        Object key = loader == null ? BOOT : loader;
        synchronized (CACHE) {
            CACHE.computeIfAbsent(key, k -> new HashMap<>()).put(info.name, info);
        }
        return info;
    }

    private static ClassInfo read(ClassLoader loader, String internalName) {
        String resource = internalName + ".class";
        try (InputStream in = loader != null ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return parse(new ClassReader(in));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ClassInfo parse(ClassReader reader) {
        ClassInfo[] out = new ClassInfo[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                out[0] = new ClassInfo(name, superName, interfaces == null ? new String[0] : interfaces,
                        (access & Opcodes.ACC_INTERFACE) != 0);
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                    Object value) {
                out[0].fieldAccess.put(name, new int[] {access});
                return new FieldVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                        if (!BENIGN.equals(desc)) {
                            return null;
                        }
                        return new AnnotationVisitor(Opcodes.ASM9) {
                            @Override
                            public void visit(String key, Object v) {
                                if ("value".equals(key)) {
                                    out[0].benign.put(name, String.valueOf(v));
                                }
                            }
                        };
                    }
                };
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return out[0];
    }

    /** A field as an access resolves it (JVMS 5.4.3.2: the class, its interfaces, then its superclasses). */
    static final class FieldRef {
        final String owner;
        final int access;
        final String benign;

        FieldRef(String owner, int access, String benign) {
            this.owner = owner;
            this.access = access;
            this.benign = benign;
        }
    }

    static FieldRef resolveField(ClassLoader loader, String owner, String name) {
        for (String c = owner; c != null; ) {
            ClassInfo info = of(loader, c);
            if (info == null) {
                return null;
            }
            int[] access = info.fieldAccess.get(name);
            if (access != null) {
                return new FieldRef(c, access[0], info.benign.get(name));
            }
            for (String i : info.interfaces) {
                FieldRef r = resolveField(loader, i, name);
                if (r != null) {
                    return r;
                }
            }
            c = info.superName;
        }
        return null;
    }

    /** The nearest common superclass of two classes, for the frames ASM computes. */
    static String commonSuperClass(ClassLoader loader, String a, String b) {
        ClassInfo ia = of(loader, a);
        ClassInfo ib = of(loader, b);
        if (ia == null || ib == null || ia.isInterface || ib.isInterface) {
            return "java/lang/Object";
        }
        java.util.Set<String> ancestors = new java.util.HashSet<>();
        for (String c = a; c != null; ) {
            ancestors.add(c);
            ClassInfo i = of(loader, c);
            c = i == null ? null : i.superName;
        }
        for (String c = b; c != null; ) {
            if (ancestors.contains(c)) {
                return c;
            }
            ClassInfo i = of(loader, c);
            c = i == null ? null : i.superName;
        }
        return "java/lang/Object";
    }
}
