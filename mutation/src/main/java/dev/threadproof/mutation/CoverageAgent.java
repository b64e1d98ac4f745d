package dev.threadproof.mutation;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.ProtectionDomain;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Thread-safe: a Java agent that plants a {@link CoverageProbe#hit} at the entry of every method of the classes loaded
 * from one folder, the library whose mutants are run.
 *
 * <pre>
 * java -javaagent:threadproof-mutation.jar=/path/to/runtime/target/classes -cp ... dev.threadproof.mutation.CoverageMain ...
 * </pre>
 *
 * <p>A method's hits count for its member key {@code Type.member}, where {@code Type} is the outermost class's simple
 * name and {@code member} the method's name, the way {@link MutantGenerator} names the member of a mutant: a lambda
 * {@code lambda$run$0} counts for {@code run}, one in a field initializer or constructor for {@code <init>}, one in a
 * static initializer for {@code <clinit>}. Every method also counts for {@code Type.*}, the type as a whole.
 */
public final class CoverageAgent {
    private CoverageAgent() {
    }

    /**
     * Thread-safe: installs the transformer.
     *
     * @param folder the folder whose classes are instrumented
     * @param inst the instrumentation
     */
    public static void premain(String folder, Instrumentation inst) {
        if (folder == null || folder.isBlank()) {
            throw new IllegalArgumentException("-javaagent:...=FOLDER: the classes folder to instrument is missing");
        }
        Path root = Paths.get(folder).toAbsolutePath().normalize();
        inst.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain pd,
                                    byte[] bytes) {
                if (name == null || pd == null || pd.getCodeSource() == null
                        || pd.getCodeSource().getLocation() == null) {
                    return null;
                }
                try {
                    Path from = Paths.get(pd.getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
                    return from.equals(root) ? instrument(name, bytes) : null;
                } catch (URISyntaxException | RuntimeException e) {
                    System.err.println("[coverage] cannot instrument " + name + ": " + e);
                    return null;
                }
            }
        });
    }

    /** The member key of a method of class {@code internalName}. */
    static String keyOf(String internalName, String method) {
        String simple = internalName.substring(internalName.lastIndexOf('/') + 1);
        int dollar = simple.indexOf('$');
        String type = dollar < 0 ? simple : simple.substring(0, dollar);
        String member = method;
        if (method.startsWith("lambda$")) {
            int end = method.indexOf('$', 7);
            member = end < 0 ? method.substring(7) : method.substring(7, end);
            member = member.equals("new") ? "<init>" : member.equals("static") ? "<clinit>" : member;
        }
        return type + "." + member;
    }

    static byte[] instrument(String internalName, byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        String typeKey = keyOf(internalName, "*");
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    return mv;
                }
                int member = CoverageProbe.idOf(keyOf(internalName, name));
                int type = CoverageProbe.idOf(typeKey);
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        for (int id : new int[] {member, type}) {
                            super.visitLdcInsn(id);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/threadproof/mutation/CoverageProbe",
                                    "hit", "(I)V", false);
                        }
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
