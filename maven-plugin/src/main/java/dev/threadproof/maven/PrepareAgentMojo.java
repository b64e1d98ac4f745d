package dev.threadproof.maven;

import dev.threadproof.annotations.ThreadSafety;
import dev.threadproof.race.Race;
import java.io.File;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Loads threadproof's race detector into the test JVM at start-up, for builds that forbid attaching an agent to a
 * running JVM ({@code -XX:-EnableDynamicAgentLoading}), the way JaCoCo's {@code prepare-agent} does: when
 * {@code threadproof.race} is {@code on} or {@code warn}, it adds {@code -javaagent:threadproof-race.jar=packages=...}
 * and the two {@code threadproof.race} keys to the property Surefire reads its {@code argLine} from (a project that
 * sets its own {@code argLine} writes {@code @{argLine}} into it). With the detector off it does nothing.
 *
 * <pre>{@code
 * <execution><goals><goal>prepare-agent</goal></goals></execution>     then: mvn test -Dthreadproof.race=on
 * }</pre>
 */
@ThreadSafety(level = ThreadSafety.Level.CONFINED, note = "Maven runs each goal execution in one thread")
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public final class PrepareAgentMojo extends AbstractMojo {
    static final String RACE_ARTIFACT = "dev.threadproof:threadproof-race";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin.artifactMap}", readonly = true, required = true)
    private Map<String, Artifact> pluginArtifacts;

    /** {@code off} (default: the goal does nothing), {@code on} (a race fails its test) or {@code warn}. */
    @Parameter(property = "threadproof.race", defaultValue = "off")
    private String race;

    /** The packages the detector instruments, comma-separated. Default: the project's groupId. */
    @Parameter(property = "threadproof.race.packages")
    private String packages;

    /** The project property the agent's flags are added to: Surefire's and Failsafe's {@code argLine}. */
    @Parameter(property = "threadproof.propertyName", defaultValue = "argLine")
    private String propertyName;

    /**
     * Confined: adds the agent's flags to the argLine property, or does nothing when the detector is off.
     *
     * @throws MojoExecutionException on a bad {@code threadproof.race} value, or when the detector's jar is missing
     */
    @ThreadSafety(level = ThreadSafety.Level.CONFINED)
    @Override
    public void execute() throws MojoExecutionException {
        String mode = race == null ? "off" : race.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("off") && !mode.equals("on") && !mode.equals("warn")) {
            throw new MojoExecutionException("threadproof.race: must be off, on or warn, not '" + race + "'");
        }
        if (mode.equals("off")) {
            getLog().info("threadproof: race detector off (-Dthreadproof.race=on to load it into the test JVM)");
            return;
        }
        String pkgs;
        try {
            boolean byDefault = packages == null || packages.isBlank();
            pkgs = String.join(",", Race.packageNames(byDefault
                    ? "threadproof.race.packages (unset: the project's groupId)" : "threadproof.race.packages",
                    byDefault ? project.getGroupId() : packages));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        Artifact agent = pluginArtifacts.get(RACE_ARTIFACT);
        File jar = agent == null ? null : agent.getFile();
        if (jar == null || !jar.isFile()) {
            throw new MojoExecutionException("threadproof: the race detector's jar (" + RACE_ARTIFACT
                    + ") is not among the plugin's artifacts");
        }
        String flags = "-javaagent:" + quote(jar.getAbsolutePath() + "=packages=" + pkgs) + " -Dthreadproof.race="
                + mode + " -Dthreadproof.race.packages=" + pkgs;
        Properties props = project.getProperties();
        String before = props.getProperty(propertyName, "");
        props.setProperty(propertyName, before.isBlank() ? flags : before + " " + flags);
        getLog().info("threadproof: " + propertyName + " loads the race detector at start-up: " + flags);
    }

    private static String quote(String s) {
        return s.contains(" ") ? "\"" + s + "\"" : s;
    }
}
