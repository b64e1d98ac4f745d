package dev.threadproof.mutation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Thread-safe (stateless): finds the compiled test classes whose {@code @Certifies} (any annotation of that simple
 * name, on the class or on a method) names a given type, by reading their class files with ASM; nothing is loaded.
 */
final class CertifiesScanner {
    private CertifiesScanner() {
    }

    /**
     * The canonical names ({@code a.b.Outer.Inner}) of the classes under {@code dir} whose {@code @Certifies} names
     * {@code member} of {@code pkg.type}; when none does (a field, a private method), those that certify any member
     * of the type. Either way, also the white-box tests that live in the type's own package and refer to it in their
     * code (their own class file or one nested in it): {@code @Certifies} names public members, so a test of a
     * package-private type (a job, a worker) certifies the public calls that rely on it and is found this way.
     *
     * @param dir compiled classes
     * @param pkg the certified type's package
     * @param type the certified type's simple name
     * @param member the member, as {@link Mutant#member()} names it
     * @param exclude a regular expression over canonical names to leave out (negative controls), or null
     * @return the names, sorted
     * @throws IOException if a class file cannot be read
     */
    static List<String> certifying(Path dir, String pkg, String type, String member, String exclude)
            throws IOException {
        List<String> byMember = new ArrayList<>();
        List<String> byType = new ArrayList<>();
        List<String> byReference = new ArrayList<>();
        scan(dir, pkg, type, member, exclude, byMember, byType, byReference);
        java.util.TreeSet<String> out = new java.util.TreeSet<>(byMember.isEmpty() ? byType : byMember);
        out.addAll(byReference);
        return new ArrayList<>(out);
    }

    /**
     * Whether a class file refers to {@code internalName} or a type nested in it: as a class constant, or inside a
     * descriptor ({@code Lname;}, {@code Lname$...}). Internal names are ASCII, so their bytes are their modified
     * UTF-8.
     */
    static boolean refersTo(byte[] classFile, String internalName) {
        byte[] n = internalName.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 3; i + n.length <= classFile.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (classFile[i + j] != n[j]) {
                    continue outer;
                }
            }
            int after = i + n.length < classFile.length ? classFile[i + n.length] : -1;
            boolean wholeEntry = classFile[i - 3] == 1 && ((classFile[i - 2] & 0xff) << 8 | (classFile[i - 1] & 0xff))
                    == n.length;
            if (wholeEntry || after == ';' || after == '$') {
                return true;
            }
        }
        return false;
    }

    /** Whether the top-level class of {@code f}, or any class nested in it, refers to {@code internalName}. */
    private static boolean nestRefersTo(Path f, String internalName) throws IOException {
        String file = f.getFileName().toString();
        String top = file.substring(0, file.length() - ".class".length()).split("\\$", 2)[0];
        try (Stream<Path> s = Files.list(f.getParent())) {
            for (Path p : s.filter(q -> {
                String n = q.getFileName().toString();
                return n.equals(top + ".class") || (n.startsWith(top + "$") && n.endsWith(".class"));
            }).collect(Collectors.toList())) {
                if (refersTo(Files.readAllBytes(p), internalName)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void scan(Path dir, String pkg, String type, String member, String exclude, List<String> byMember,
                             List<String> out, List<String> byReference) throws IOException {
        String wanted = (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + type;
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(f -> f.toString().endsWith(".class")).sorted().collect(Collectors.toList());
        }
        for (Path f : files) {
            boolean[] hit = {false, false, false}; // the class certifies the type, the member; certifies anything
            boolean[] thisOne = {false}; // the annotation being read names the type
            List<String> members = new ArrayList<>();
            AnnotationVisitor certifies = new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String name, Object value) {
                    if (name.equals("type") && value instanceof Type
                            && ((Type) value).getInternalName().equals(wanted)) {
                        hit[0] = true;
                        thisOne[0] = true;
                    }
                }

                @Override
                public AnnotationVisitor visitArray(String name) {
                    return !name.equals("members") ? null : new AnnotationVisitor(Opcodes.ASM9) {
                        @Override
                        public void visit(String n, Object value) {
                            members.add(String.valueOf(value));
                        }
                    };
                }

                @Override
                public void visitEnd() {
                    hit[1] |= thisOne[0] && members.contains(member);
                    thisOne[0] = false;
                    members.clear();
                }
            };
            new ClassReader(Files.readAllBytes(f)).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                    hit[2] |= desc.endsWith("/Certifies;");
                    return desc.endsWith("/Certifies;") ? certifies : null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public AnnotationVisitor visitAnnotation(String d, boolean visible) {
                            hit[2] |= d.endsWith("/Certifies;");
                            return d.endsWith("/Certifies;") ? certifies : null;
                        }
                    };
                }
            }, ClassReader.SKIP_CODE);
            String name = dir.relativize(f).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "")
                    .replace('$', '.');
            boolean excluded = exclude != null && name.matches(exclude);
            boolean samePackage = dir.relativize(f.getParent()).toString().replace(File.separatorChar, '/')
                    .equals(pkg.replace('.', '/'));
            if (hit[2] && !excluded && samePackage && nestRefersTo(f, wanted)) {
                byReference.add(name);
            }
            if (hit[0] && !excluded) {
                out.add(name);
                if (hit[1]) {
                    byMember.add(name);
                }
            }
        }
    }
}
