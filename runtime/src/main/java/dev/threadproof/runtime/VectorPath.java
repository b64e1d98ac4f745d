package dev.threadproof.runtime;

/**
 * Chooses the array block loops of the compensated reductions once per JVM: the Vector API twin
 * ({@code VectorBlockSums}) when the JVM was started with {@code --add-modules jdk.incubator.vector} on hardware with
 * native 256-bit vectors, otherwise {@link DoubleDouble}'s scalar loops. Both give bitwise the same results
 * ({@link ArrayBlockSums}), so the choice changes speed only.
 */
final class VectorPath {
    private VectorPath() {
    }

    /** The incubating module the vector loops are written against. */
    static final String MODULE = "jdk.incubator.vector";

    /** The vector loops, or null when the scalar loops run. */
    static final ArrayBlockSums LOOPS = load();

    private static ArrayBlockSums load() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return null; // the class below would not link; it is never loaded
        }
        try {
            return (ArrayBlockSums) Class.forName("dev.threadproof.runtime.VectorBlockSums")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            // The constructor refused (no native 256-bit vectors), the jar was built without the vector source root,
            // or a JDK changed the incubating API: the scalar loops are always correct.
            return null;
        }
    }
}
