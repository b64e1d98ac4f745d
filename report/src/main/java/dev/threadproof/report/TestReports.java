package dev.threadproof.report;

import dev.threadproof.annotations.Certifies;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads Surefire and Failsafe XML reports and finds the {@code @Certifies} of the tests they list, in the compiled
 * tests of a library.
 */
final class TestReports {
    private TestReports() {
    }

    /** What one test proves: the type and members its {@code @Certifies} names, and whether it runs Lincheck. */
    static final class Claim {
        final String type;
        final List<String> members;
        final boolean lincheck;

        Claim(String type, List<String> members, boolean lincheck) {
            this.type = type;
            this.members = members;
            this.lincheck = lincheck;
        }
    }

    static Document parse(Path f) throws IOException {
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return dbf.newDocumentBuilder().parse(f.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new BadInputException("test report " + f + " is not a Surefire/Failsafe XML report: " + e.getMessage());
        }
    }

    /** "JDK 17.0.15, amd64" from the report's properties, as far as they say. */
    static String environment(Document doc) {
        String version = "?";
        String arch = "?";
        NodeList props = doc.getElementsByTagName("property");
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            if (p.getAttribute("name").equals("java.version")) {
                version = p.getAttribute("value");
            } else if (p.getAttribute("name").equals("os.arch")) {
                arch = p.getAttribute("value");
            }
        }
        return "JDK " + version + ", " + arch;
    }

    /** The method name of a test case name: {@code put(int)[2]} and {@code put()} are {@code put}. */
    static String methodName(String name) {
        int end = name.length();
        for (char c : new char[] {'(', '[', ' '}) {
            int i = name.indexOf(c);
            if (i > 0 && i < end) {
                end = i;
            }
        }
        return name.substring(0, end);
    }

    /** passed, failed (a failure or an error) or skipped. */
    static String outcome(Element testcase) {
        if (testcase.getElementsByTagName("failure").getLength() > 0
                || testcase.getElementsByTagName("error").getLength() > 0) {
            return "failed";
        }
        return testcase.getElementsByTagName("skipped").getLength() > 0 ? "skipped" : "passed";
    }

    /**
     * The claim of test {@code method} of class {@code cls}: the method's {@code @Certifies}, else its class's (which
     * is inherited); null when there is none or the class is not among the compiled tests.
     */
    static Claim claim(ClassLoader tests, String cls, String method) {
        Class<?> c;
        try {
            c = Class.forName(cls, false, tests);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        Certifies found = null;
        try {
            for (Class<?> k = c; k != null && found == null; k = k.getSuperclass()) {
                for (Method m : k.getDeclaredMethods()) {
                    if (m.getName().equals(method) && m.getAnnotation(Certifies.class) != null) {
                        found = m.getAnnotation(Certifies.class);
                        break;
                    }
                }
            }
            if (found == null) {
                found = c.getAnnotation(Certifies.class);
            }
            if (found == null) {
                return null;
            }
            return new Claim(found.type().getName(), List.of(found.members()), refersToLincheck(tests, c));
        } catch (TypeNotPresentException | LinkageError e) {
            throw new BadInputException("the @Certifies of test " + cls + "." + method + " names a type that cannot be "
                    + "loaded (" + e + "): pass the tests' classpath");
        }
    }

    /** Whether the class file of {@code c} or of a superclass names a Lincheck type. */
    private static boolean refersToLincheck(ClassLoader tests, Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            try (InputStream in = tests.getResourceAsStream(k.getName().replace('.', '/') + ".class")) {
                if (in != null && new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)
                        .matches("(?s).*org/jetbrains/(kotlinx/)?lincheck/.*")) {
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** The names of the classes under {@code roots} (compiled tests) that carry {@code @Certifies} or have a method that does. */
    static Set<String> certifyingClasses(List<Path> roots, ClassLoader tests) throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new BadInputException("test classes folder " + root + " does not exist");
            }
            List<String> names = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root)) {
                files.forEach(p -> {
                    String rel = root.relativize(p).toString().replace('\\', '/');
                    if (rel.endsWith(".class") && !rel.endsWith("-info.class")) {
                        names.add(rel.substring(0, rel.length() - 6).replace('/', '.'));
                    }
                });
            }
            for (String name : names) {
                try {
                    Class<?> c = Class.forName(name, false, tests);
                    if (java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
                        continue;
                    }
                    boolean certifies = c.getAnnotation(Certifies.class) != null;
                    for (Class<?> k = c; k != null && !certifies; k = k.getSuperclass()) {
                        for (Method m : k.getDeclaredMethods()) {
                            certifies |= m.getAnnotation(Certifies.class) != null && isTest(m);
                        }
                    }
                    if (certifies) {
                        out.add(name);
                    }
                } catch (ClassNotFoundException | LinkageError | TypeNotPresentException e) {
                    // a class that cannot load runs no test either; its absence is for the build to report
                }
            }
        }
        return out;
    }

    private static boolean isTest(Method m) {
        for (Annotation a : m.getAnnotations()) {
            String n = a.annotationType().getSimpleName();
            if (n.equals("Test") || n.equals("ParameterizedTest") || n.equals("RepeatedTest")
                    || n.equals("TestFactory") || n.equals("TestTemplate")) {
                return true;
            }
        }
        return false;
    }
}
