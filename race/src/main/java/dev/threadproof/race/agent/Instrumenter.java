package dev.threadproof.race.agent;

import dev.threadproof.race.rt.RaceRt;
import dev.threadproof.race.rt.Registry;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;

/**
 * Thread-safe: rewrites one class so that every field and array-element access, every monitor action and every call
 * to a modelled JDK synchronizer also calls {@link dev.threadproof.race.rt.RaceRt}. Stateless between classes.
 *
 * <p>What is not rewritten: {@code final} fields (final-field semantics, JLS 17.5), fields declared
 * {@code @BenignRace}, fields of JDK classes, data accesses in static initializers (class initialization is
 * synchronized by the JVM, JLS 12.4.2) and in a constructor before its {@code super(...)} call (the object is not
 * initialized yet). With {@code syncOnly}, only monitors and synchronizer calls are rewritten: the harness's own
 * classes, whose hand-offs to the threads it starts must be seen while its data is not checked.
 */
final class Instrumenter {
    private static final String RT = "dev/threadproof/race/rt/RaceRt";
    private static final Type OBJECT = Type.getType(Object.class);

    private Instrumenter() {
    }

    /** The rewritten class, or null when it needs no change or cannot be rewritten (too old, too large). */
    static byte[] instrument(ClassLoader loader, byte[] bytes, boolean syncOnly) {
        ClassReader reader = new ClassReader(bytes);
        int version = readVersion(bytes);
        if (version < Opcodes.V1_6 || (reader.getAccess() & Opcodes.ACC_MODULE) != 0) {
            return null;
        }
        ClassInfo.of(loader, bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return ClassInfo.commonSuperClass(loader, a, b);
            }
        };
        reader.accept(new ClassRewriter(writer, loader, syncOnly), ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    private static int readVersion(byte[] b) {
        return ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
    }

    private static final class ClassRewriter extends ClassVisitor {
        private final ClassLoader loader;
        private final boolean syncOnly;
        private String className;
        private String source;

        ClassRewriter(ClassVisitor cv, ClassLoader loader, boolean syncOnly) {
            super(Opcodes.ASM9, cv);
            this.loader = loader;
            this.syncOnly = syncOnly;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            className = name;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public void visitSource(String file, String debug) {
            source = file;
            super.visitSource(file, debug);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || mv == null) {
                return mv;
            }
            return new MethodRewriter(mv, access, name, descriptor, this);
        }
    }

    private static final class MethodRewriter extends AdviceAdapter {
        private final ClassRewriter owner;
        private final String method;
        private final boolean synchronizedMethod;
        /** A static initializer: its thread's data accesses are not checked until it returns (JLS 12.4.2). */
        private final boolean initializer;
        private final boolean isStatic;
        private final boolean data;
        private boolean entered;
        private int line;
        private Label bodyStart;

        MethodRewriter(MethodVisitor mv, int access, String name, String descriptor, ClassRewriter owner) {
            super(Opcodes.ASM9, mv, access, name, descriptor);
            this.owner = owner;
            this.method = name;
            this.synchronizedMethod = (access & Opcodes.ACC_SYNCHRONIZED) != 0;
            this.initializer = "<clinit>".equals(name) && !owner.syncOnly;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.data = !owner.syncOnly && !"<clinit>".equals(name);
        }

        private int site(String what) {
            return Registry.site(owner.className.replace('/', '.'), method, owner.source, line, what);
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            this.line = line;
            super.visitLineNumber(line, start);
        }

        @Override
        protected void onMethodEnter() {
            entered = true;
            if (synchronizedMethod) {
                pushMonitor();
                invokeRt("monitorEnter", "(Ljava/lang/Object;)V");
            }
            if (initializer) {
                invokeRt("enterInitializer", "()V");
            }
            if (synchronizedMethod || initializer) {
                bodyStart = new Label();
                mark(bodyStart);
            }
        }

        @Override
        protected void onMethodExit(int opcode) {
            if (opcode != ATHROW) {
                exitActions();
            }
        }

        private void exitActions() {
            if (initializer) {
                invokeRt("exitInitializer", "()V");
            }
            if (synchronizedMethod) {
                pushMonitor();
                invokeRt("monitorExit", "(Ljava/lang/Object;)V");
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (bodyStart != null) {
                // A throw out of a synchronized method releases its monitor, and one out of a static initializer ends
                // it, too: one handler over the whole body, registered last so that the method's own handlers keep
                // their precedence.
                Label end = new Label();
                Label handler = new Label();
                mark(end);
                mv.visitTryCatchBlock(bodyStart, end, handler, null);
                mark(handler);
                exitActions();
                throwException();
            }
            super.visitMaxs(maxStack, maxLocals);
        }

        private void pushMonitor() {
            if (isStatic) {
                mv.visitLdcInsn(Type.getObjectType(owner.className));
            } else {
                loadThis();
            }
        }

        private void invokeRt(String name, String desc) {
            mv.visitMethodInsn(INVOKESTATIC, RT, name, desc, false);
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
            if (!entered || !data || fieldOwner.startsWith("java/") || fieldOwner.startsWith("jdk/")
                    || fieldOwner.startsWith("sun/") || fieldOwner.startsWith("dev/threadproof/race/rt/")) {
                super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
                return;
            }
            ClassInfo.FieldRef ref = ClassInfo.resolveField(owner.loader, fieldOwner, name);
            int access = ref == null ? 0 : ref.access;
            if ((access & ACC_FINAL) != 0) {
                super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
                return;
            }
            String declaring = ref == null ? fieldOwner : ref.owner;
            if (ref != null && ref.benign != null) {
                Registry.benign(declaring, name, ref.benign);
                super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
                return;
            }
            boolean isVolatile = (access & ACC_VOLATILE) != 0;
            boolean isStaticField = opcode == GETSTATIC || opcode == PUTSTATIC;
            int fid = Registry.field(declaring, name,
                    (isVolatile ? Registry.VOLATILE : 0) | (isStaticField ? Registry.STATIC : 0));
            Type t = Type.getType(descriptor);
            boolean reads = opcode == GETFIELD || opcode == GETSTATIC;
            int site = site((isVolatile ? "volatile " : "") + (reads ? "read of " : "write of ") + name);
            if (!isVolatile) {
                if (opcode == GETFIELD) {
                    dup();
                    push(fid);
                    push(site);
                    invokeRt("read", "(Ljava/lang/Object;II)V");
                } else if (opcode == PUTFIELD) {
                    int value = newLocal(t);
                    storeLocal(value);
                    dup();
                    push(fid);
                    push(site);
                    invokeRt("write", "(Ljava/lang/Object;II)V");
                    loadLocal(value);
                } else {
                    push(fid);
                    push(site);
                    invokeRt(reads ? "readStatic" : "writeStatic", "(II)V");
                }
                super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
                return;
            }
            switch (opcode) {
                case GETFIELD:
                    dup();
                    super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
                    if (t.getSize() == 2) {
                        dup2X1();
                        pop2();
                    } else {
                        swap();
                    }
                    push(fid);
                    push(site);
                    invokeRt("volatileRead", "(Ljava/lang/Object;II)V");
                    return;
                case GETSTATIC:
                    super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
                    mv.visitInsn(ACONST_NULL);
                    push(fid);
                    push(site);
                    invokeRt("volatileRead", "(Ljava/lang/Object;II)V");
                    return;
                case PUTFIELD: {
                    int value = newLocal(t);
                    storeLocal(value);
                    dup();
                    push(fid);
                    push(site);
                    invokeRt("volatileWrite", "(Ljava/lang/Object;II)V");
                    loadLocal(value);
                    super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
                    return;
                }
                default:
                    mv.visitInsn(ACONST_NULL);
                    push(fid);
                    push(site);
                    invokeRt("volatileWrite", "(Ljava/lang/Object;II)V");
                    super.visitFieldInsn(opcode, fieldOwner, name, descriptor);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (!entered) {
                super.visitInsn(opcode);
                return;
            }
            if (data && opcode >= IALOAD && opcode <= SALOAD) {
                dup2();
                push(site("array read"));
                invokeRt("arrayRead", "(Ljava/lang/Object;II)V");
            } else if (data && opcode >= IASTORE && opcode <= SASTORE) {
                Type t = arrayValueType(opcode);
                int value = newLocal(t);
                storeLocal(value);
                dup2();
                push(site("array write"));
                invokeRt("arrayWrite", "(Ljava/lang/Object;II)V");
                loadLocal(value);
            } else if (opcode == MONITORENTER) {
                dup();
                super.visitInsn(opcode);
                invokeRt("monitorEnter", "(Ljava/lang/Object;)V");
                return;
            } else if (opcode == MONITOREXIT) {
                dup();
                invokeRt("monitorExit", "(Ljava/lang/Object;)V");
            }
            super.visitInsn(opcode);
        }

        private static Type arrayValueType(int opcode) {
            switch (opcode) {
                case LASTORE:
                    return Type.LONG_TYPE;
                case FASTORE:
                    return Type.FLOAT_TYPE;
                case DASTORE:
                    return Type.DOUBLE_TYPE;
                case AASTORE:
                    return OBJECT;
                default:
                    return Type.INT_TYPE;
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String callOwner, String name, String descriptor,
                boolean isInterface) {
            if (!entered) {
                super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
                return;
            }
            if (opcode == INVOKEVIRTUAL && "java/lang/invoke/VarHandle".equals(callOwner)) {
                int mode = VarHandleModes.mode(name);
                if (mode >= 0 && varHandleCall(mode, callOwner, name, descriptor)) {
                    return;
                }
                super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
                return;
            }
            if (opcode == INVOKESTATIC && "java/lang/invoke/VarHandle".equals(callOwner) && name.endsWith("Fence")) {
                push(name.equals("fullFence") ? RaceRt.FENCE_FULL
                        : name.equals("releaseFence") || name.equals("storeStoreFence") ? RaceRt.FENCE_RELEASE
                        : RaceRt.FENCE_ACQUIRE);
                invokeRt("fence", "(I)V");
                super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
                return;
            }
            int kind = Calls.kind(opcode, callOwner, name, descriptor);
            if (kind == 0) {
                super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
                return;
            }
            hookedCall(kind, opcode, callOwner, name, descriptor, isInterface);
        }

        /** A call with {@code before}, wrapped task arguments and {@code after} around it. */
        private void hookedCall(int kind, int opcode, String callOwner, String name, String descriptor,
                boolean isInterface) {
            int site = site("call " + callOwner.replace('/', '.') + "." + name);
            Type[] args = Type.getArgumentTypes(descriptor);
            int[] locals = new int[args.length];
            for (int i = args.length - 1; i >= 0; i--) {
                locals[i] = newLocal(args[i]);
                storeLocal(locals[i]);
            }
            int receiver = newLocal(OBJECT);
            if (opcode == INVOKESTATIC) {
                mv.visitInsn(ACONST_NULL);
            } else {
                dup();
            }
            storeLocal(receiver);
            loadLocal(receiver);
            push(kind);
            push(site);
            invokeRt("before", "(Ljava/lang/Object;II)V");
            boolean stage = kind == RaceRt.STAGE;
            boolean wraps = stage || kind == RaceRt.EXECUTE || kind == RaceRt.ASYNC || kind == RaceRt.INVOKE_ALL;
            for (int i = 0; i < args.length; i++) {
                loadLocal(locals[i]);
                if (wraps && (stage ? Calls.isCallback(args[i]) : Calls.isTask(args[i]))) {
                    loadLocal(receiver);
                    push(kind);
                    invokeRt("wrap", "(Ljava/lang/Object;Ljava/lang/Object;I)Ljava/lang/Object;");
                    checkCast(args[i]);
                }
            }
            super.visitMethodInsn(opcode, callOwner, name, descriptor, isInterface);
            Type ret = Type.getReturnType(descriptor);
            if (ret.getSort() == Type.BOOLEAN) {
                loadLocal(receiver);
                push(kind);
                push(site);
                invokeRt("afterBool", "(ZLjava/lang/Object;II)Z");
            } else if (ret.getSort() == Type.OBJECT || ret.getSort() == Type.ARRAY) {
                loadLocal(receiver);
                push(kind);
                push(site);
                invokeRt("afterObject",
                        "(Ljava/lang/Object;Ljava/lang/Object;II)Ljava/lang/Object;");
                checkCast(ret);
            } else {
                loadLocal(receiver);
                push(kind);
                push(site);
                invokeRt("after", "(Ljava/lang/Object;II)V");
            }
        }

        /**
         * A VarHandle access: its coordinates (none: a static field; one object: a field; an array and an int: an
         * element) are kept in locals so the detector sees which location the access touches.
         */
        private boolean varHandleCall(int mode, String callOwner, String name, String descriptor) {
            Type[] args = Type.getArgumentTypes(descriptor);
            int coordinates = args.length - VarHandleModes.values(name);
            if (coordinates < 0 || coordinates > 2) {
                return false;
            }
            if (coordinates >= 1 && args[0].getSort() != Type.OBJECT && args[0].getSort() != Type.ARRAY) {
                return false;
            }
            if (coordinates == 2 && args[1].getSort() != Type.INT) {
                return false;
            }
            int site = site("VarHandle." + name);
            int[] locals = new int[args.length];
            for (int i = args.length - 1; i >= 0; i--) {
                locals[i] = newLocal(args[i]);
                storeLocal(locals[i]);
            }
            int handle = newLocal(OBJECT);
            dup();
            storeLocal(handle);
            loadLocal(handle);
            pushCoordinates(coordinates, locals);
            push(mode);
            push(site);
            invokeRt("varHandleBefore", "(Ljava/lang/Object;Ljava/lang/Object;III)V");
            for (int i = 0; i < args.length; i++) {
                loadLocal(locals[i]);
            }
            super.visitMethodInsn(INVOKEVIRTUAL, callOwner, name, descriptor, false);
            loadLocal(handle);
            pushCoordinates(coordinates, locals);
            push(mode);
            invokeRt("varHandleAfter", "(Ljava/lang/Object;Ljava/lang/Object;II)V");
            return true;
        }

        private void pushCoordinates(int coordinates, int[] locals) {
            if (coordinates >= 1) {
                loadLocal(locals[0]);
            } else {
                mv.visitInsn(ACONST_NULL);
            }
            if (coordinates == 2) {
                loadLocal(locals[1]);
            } else {
                push(0);
            }
        }
    }
}
