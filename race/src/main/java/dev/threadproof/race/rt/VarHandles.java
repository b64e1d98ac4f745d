package dev.threadproof.race.rt;

import java.lang.constant.ConstantDesc;
import java.lang.constant.DynamicConstantDesc;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;

/**
 * Thread-safe: what a VarHandle points at, found once per handle from the handle itself (its coordinate types, and
 * its nominal descriptor for a field's name), so handles made before the agent was attached are understood too.
 */
final class VarHandles {
    private static final WeakIdentityMap<Target> TARGETS = new WeakIdentityMap<>();
    private static final Target UNKNOWN = new Target(Kind.UNKNOWN, -1);

    private VarHandles() {
    }

    enum Kind { FIELD, STATIC, ARRAY, UNKNOWN }

    /** A field (instance or static) or the elements of an array. */
    static final class Target {
        final Kind kind;
        final int field;

        Target(Kind kind, int field) {
            this.kind = kind;
            this.field = field;
        }

        Cells cells(ThreadState t, Object base, int index) {
            switch (kind) {
                case FIELD:
                    return base == null ? null : Detector.fieldCells(t, base, field);
                case STATIC:
                    return Detector.staticCells(field);
                case ARRAY:
                    if (base == null) {
                        return null;
                    }
                    Detector.ArrayShadow s = Detector.arrayShadow(t, base);
                    return s == null ? null : s.chunk(index);
                default:
                    return null;
            }
        }

        int slot(int index) {
            return kind == Kind.ARRAY ? index & (Detector.CHUNK - 1) : 0;
        }

        Object base(Object base) {
            return kind == Kind.STATIC ? RaceRt.class : base;
        }
    }

    static Target target(ThreadState thread, VarHandle vh) {
        Target t;
        if (thread.lastHandle == vh) {
            t = (Target) thread.lastTarget;
        } else {
            t = TARGETS.computeIfAbsent(vh, k -> resolve((VarHandle) k));
            thread.lastHandle = vh;
            thread.lastTarget = t;
        }
        return t == UNKNOWN ? null : t;
    }

    private static Target resolve(VarHandle vh) {
        List<Class<?>> coordinates = vh.coordinateTypes();
        if (coordinates.size() == 2 && coordinates.get(0).isArray() && coordinates.get(1) == int.class) {
            return new Target(Kind.ARRAY, -1);
        }
        Optional<? extends ConstantDesc> desc;
        try {
            desc = vh.describeConstable();
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
        if (desc.isEmpty() || !(desc.get() instanceof DynamicConstantDesc)) {
            return UNKNOWN;
        }
        DynamicConstantDesc<?> d = (DynamicConstantDesc<?>) desc.get();
        String name = d.constantName();
        if (coordinates.size() == 1) {
            Field f = declaredField(coordinates.get(0), name);
            if (f == null) {
                return UNKNOWN;
            }
            return new Target(Kind.FIELD, Registry.field(f.getDeclaringClass().getName(), name, flags(f)));
        }
        if (coordinates.isEmpty() && d.bootstrapArgs().length > 0) {
            String descriptor = ((java.lang.constant.ClassDesc) d.bootstrapArgs()[0]).descriptorString();
            String owner = descriptor.substring(1, descriptor.length() - 1).replace('/', '.');
            return new Target(Kind.STATIC, Registry.field(owner, name, Registry.STATIC));
        }
        return UNKNOWN;
    }

    private static int flags(Field f) {
        int m = f.getModifiers();
        return (Modifier.isVolatile(m) ? Registry.VOLATILE : 0) | (Modifier.isStatic(m) ? Registry.STATIC : 0);
    }

    /** The field {@code name} of {@code c} or of a superclass, or null. */
    private static Field declaredField(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                return k.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        return null;
    }
}
