package dev.threadproof.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The plugin descriptor that Maven (and {@code mvn help:describe}, {@code threadproof:help}) reads: the report goal is
 * bound to verify, resolves the test classpath, and every parameter a user can set is documented. The behaviour itself
 * is tested by real Maven runs in {@code src/it}.
 */
class PluginDescriptorTest {
    private static Element goal(String name) throws Exception {
        Document doc;
        try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertNotNull(in, "no plugin descriptor: maven-plugin-plugin did not run");
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        NodeList mojos = doc.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element m = (Element) mojos.item(i);
            if (text(m, "goal").equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no goal " + name);
    }

    private static String text(Element e, String child) {
        NodeList l = e.getElementsByTagName(child);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }

    @Test
    void theReportGoalRunsInVerifyWithTheTestClasspath() throws Exception {
        Element report = goal("report");
        assertEquals("verify", text(report, "phase"));
        assertEquals("test", text(report, "requiresDependencyResolution"));
        assertTrue(text(report, "description").startsWith("Writes the thread-safety report"), text(report, "description"));
        assertEquals("true", text(report, "threadSafe"));
    }

    @Test
    void thePrepareAgentGoalRunsInInitializeBeforeTheTests() throws Exception {
        Element agent = goal("prepare-agent");
        assertEquals("initialize", text(agent, "phase"));
        assertTrue(text(agent, "description").startsWith("Loads threadproof's race detector"),
                text(agent, "description"));
        assertEquals("true", text(agent, "threadSafe"));
    }

    @Test
    void everyParameterAUserCanSetIsDocumented() throws Exception {
        Element report = goal("report");
        NodeList params = ((Element) report.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
        List<String> undocumented = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < params.getLength(); i++) {
            Element p = (Element) params.item(i);
            if (text(p, "editable").equals("false")) {
                continue; // ${project}: injected, not set by users
            }
            names.add(text(p, "name"));
            if (text(p, "description").length() < 20) {
                undocumented.add(text(p, "name"));
            }
        }
        assertEquals(List.of(), undocumented, "parameters without a description");
        for (String expected : List.of("packages", "failOn", "testReportsDirectories", "harnessDirectory",
                "lincheckEvidence", "jcstressSummaries", "mutationResults", "outputDirectory", "classesDirectory",
                "testClassesDirectory", "commit", "skip")) {
            assertTrue(names.contains(expected), expected + " is not a parameter: " + names);
        }
    }
}
