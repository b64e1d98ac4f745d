package dev.threadproof.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadproof.report.ReportGenerator.Verdict;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Joins the runtime's declared levels with the evidence and renders the report: {@code index.html}, {@code report.md},
 * {@code report.json} (schema {@code threadproof-thread-safety-report/1}) and {@code TEST-thread-safety-report.xml}.
 *
 * <p>{@code THIN}: passing evidence weaker than the floor (samples per member of its strongest item; evidence that
 * counts in full always meets it). Every row states the rarest race its evidence could have seen, 3/N (the rule of
 * three), and the headline names the weakest row.
 *
 * <p>{@code WEAK}: certified by its evidence, but a mutant planted in the member by mutation testing survived it
 * (the report names the survivor); it fails the run only with {@code --fail-on-weak}. Verdicts: {@code CERTIFIED} (a THREAD_SAFE or CONDITIONAL member with passing concurrency evidence and none
 * failing), {@code FAILED} (some evidence for it failed), {@code NO_EVIDENCE} (a THREAD_SAFE or CONDITIONAL member with
 * no passing evidence), {@code UNDECLARED} (no {@code @ThreadSafety}), and two that need no evidence:
 * {@code NOT_REQUIRED} (IMMUTABLE or CONFINED: no concurrent use is claimed) and {@code USER_CONTRACT} (an abstract
 * method of a callback interface: the level states what the user's implementation must satisfy).
 */
final class Report {
    /** The verdicts that turn the report red (a tripped guard always does). */
    java.util.Set<Verdict> failOn = ReportGenerator.DEFAULT_FAIL_ON;
    /** The library's name in the headings. */
    String title = "threadproof";
    /** The sentence under the Markdown heading: what produced the report, how to regenerate it. */
    String origin = "";

    static final class Line {
        final ApiModel.Row row;
        final Verdict verdict;
        final List<Evidence.Item> evidence;

        Line(ApiModel.Row row, Verdict verdict, List<Evidence.Item> evidence) {
            this.row = row;
            this.verdict = verdict;
            this.evidence = evidence;
        }
    }

    final List<Line> lines = new ArrayList<>();
    final Evidence evidence;
    final Map<String, String> provenance;
    /** Samples per member below which passing evidence is THIN; 0: no floor. */
    final long floor;

    Report(List<ApiModel.Row> rows, Evidence evidence, Map<String, String> provenance) {
        this(rows, evidence, provenance, 0);
    }

    Report(List<ApiModel.Row> rows, Evidence evidence, Map<String, String> provenance, long floor) {
        this.evidence = evidence;
        this.provenance = provenance;
        this.floor = floor;
        for (ApiModel.Row r : rows) {
            List<Evidence.Item> mine = new ArrayList<>();
            for (Evidence.Item it : evidence.items) {
                if (it.type.equals(r.type) && (r.member.isEmpty() ? false : it.members.contains(r.member))) {
                    mine.add(it);
                }
            }
            Verdict verdict;
            if (r.level == null) {
                verdict = Verdict.UNDECLARED;
            } else if (r.userContract) {
                verdict = Verdict.USER_CONTRACT;
            } else if (!r.needsEvidence()) {
                verdict = Verdict.NOT_REQUIRED;
            } else if (mine.stream().anyMatch(i -> !i.passed)) {
                verdict = Verdict.FAILED;
            } else if (mine.isEmpty()) {
                verdict = Verdict.NO_EVIDENCE;
            } else {
                Evidence.Mutation mu = evidence.mutation.get(r.simpleName());
                verdict = mu != null && !mu.survivors.isEmpty() ? Verdict.WEAK
                        : strength(mine) < floor ? Verdict.THIN : Verdict.CERTIFIED;
            }
            lines.add(new Line(r, verdict, mine));
        }
        // A type's own row summarizes its members: the worst verdict among those that need evidence; a callback
        // interface whose members are all user contracts is a user contract itself.
        List<Line> summarized = new ArrayList<>();
        for (Line l : lines) {
            if (!l.row.member.isEmpty() || l.row.level == null || !l.row.needsEvidence()) {
                summarized.add(l);
                continue;
            }
            Verdict worst = null;
            for (Line m : lines) {
                if (m.row.type.equals(l.row.type) && !m.row.member.isEmpty() && m.row.needsEvidence()) {
                    worst = worse(worst, m.verdict);
                }
            }
            summarized.add(new Line(l.row, worst == null ? Verdict.USER_CONTRACT : worst, List.of()));
        }
        lines.clear();
        lines.addAll(summarized);
    }

    /** The verdicts a member that needs evidence can get, from the best to the worst, for its type's summary row. */
    private static final List<Verdict> ORDER = List.of(Verdict.CERTIFIED, Verdict.WEAK, Verdict.THIN,
            Verdict.NO_EVIDENCE, Verdict.UNDECLARED, Verdict.FAILED);

    /** The samples per member of the strongest passing item ({@link Evidence#FULL} if one counts in full); 0 if none. */
    static long strength(List<Evidence.Item> items) {
        long best = 0;
        for (Evidence.Item i : items) {
            if (i.passed) {
                best = Math.max(best, i.samples);
            }
        }
        return best;
    }

    /**
     * When every passing item that counts in full is an explored test: the bound of the first ("explored 200 schedules
     * (bound 200 schedules, lincheck-3.7)"); else null.
     */
    static String exploredOnly(List<Evidence.Item> items) {
        String bound = null;
        for (Evidence.Item i : items) {
            if (i.passed && i.samples == Evidence.FULL) {
                if (!i.source.equals(Evidence.EXPLORE)) {
                    return null;
                }
                if (bound == null) {
                    int semi = i.detail.indexOf(", ");
                    bound = i.detail.substring(0, i.detail.indexOf(')') > 0 ? i.detail.indexOf(')') + 1
                            : semi > 0 ? semi : i.detail.length());
                }
            }
        }
        return bound;
    }

    /** The rarest race a line's evidence could have seen, in words; empty for a line without passing evidence. */
    static String rarestRace(Line l) {
        long n = strength(l.evidence);
        if (n == 0) {
            return "";
        }
        if (n == Evidence.FULL) {
            String bound = exploredOnly(l.evidence);
            return bound == null ? "counts in full (model checking or an exact test)"
                    : "explored within a bound only: " + bound;
        }
        return String.format(Locale.ROOT, "rarest race seen: 3/N = 1 in %,d (N = %,d samples per member)",
                Math.max(1, n / 3), n);
    }

    /** The certified or thin line with the fewest samples per member behind it, or null if every one counts in full. */
    Line weakest() {
        Line weakest = null;
        for (Line l : lines) {
            if ((l.verdict == Verdict.CERTIFIED || l.verdict == Verdict.THIN || l.verdict == Verdict.WEAK)
                    && !l.row.member.isEmpty()) {
                long n = strength(l.evidence);
                if (n != Evidence.FULL && (weakest == null || n < strength(weakest.evidence))) {
                    weakest = l;
                }
            }
        }
        return weakest;
    }

    /** The headline's sentence on evidence strength: the floor and the weakest row. */
    String strengthSummary() {
        Line w = weakest();
        String floorText = floor > 0 ? String.format(Locale.ROOT, "Floor: %,d samples per member; ", floor)
                : "No floor; ";
        if (w == null) {
            return floorText + "every certified member has evidence that counts in full.";
        }
        long n = strength(w.evidence);
        return floorText + String.format(Locale.ROOT, "weakest row: %s (%s), %,d samples per member: a race rarer "
                + "than 1 in %,d could have been missed.", w.row.simpleName(), w.verdict, n, Math.max(1, n / 3));
    }

    private static Verdict worse(Verdict a, Verdict b) {
        if (a == null) {
            return b;
        }
        return ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a;
    }

    boolean red() {
        return !evidence.guards.isEmpty() || lines.stream().anyMatch(this::failing);
    }

    /** Whether a line's verdict fails the run. */
    boolean failing(Line l) {
        return failOn.contains(l.verdict);
    }

    /** Whether mutation results name a member that is no row of the report (package-private code, private state). */
    private boolean isInternal(String member) {
        return lines.stream().noneMatch(l -> l.row.simpleName().equals(member));
    }

    /** The survivors in package-private code or private state, each as "Type.member id: diff". */
    List<String> internalSurvivors() {
        List<String> out = new ArrayList<>();
        evidence.mutation.forEach((member, m) -> {
            if (isInternal(member)) {
                m.survivors.forEach(s -> out.add(member + " " + s));
            }
        });
        return out;
    }

    /**
     * One sentence over all mutation results: killed of valid, and where the survivors are. A survivor in a public
     * member makes it WEAK; one in package-private code or private state (a job, a field) belongs to no row, so the
     * sentence says how many of those there are rather than let a headline of WEAK=0 hide them. Null without results.
     */
    String mutationSummary() {
        if (evidence.mutation.isEmpty()) {
            return null;
        }
        int killed = 0;
        int valid = 0;
        for (Evidence.Mutation m : evidence.mutation.values()) {
            killed += m.killed;
            valid += m.valid;
        }
        int elsewhere = internalSurvivors().size();
        int inPublic = valid - killed - elsewhere;
        return String.format(java.util.Locale.ROOT, "Mutation testing: %d of %d valid, non-equivalent mutants killed "
                + "(%.0f%%); %d survived: %d in public members (their verdict is WEAK), %d in package-private code or "
                + "private state, which no public member's verdict shows (listed under Surviving mutants).", killed,
                valid, 100.0 * killed / valid, valid - killed, inPublic, elsewhere);
    }

    /** "mutants killed k of n" for a member that mutation testing reached, else empty. */
    String mutationText(Line l) {
        Evidence.Mutation mu = l.row.member.isEmpty() ? null : evidence.mutation.get(l.row.simpleName());
        return mu == null ? "" : "mutants killed " + mu.killed + " of " + mu.valid;
    }

    Map<String, Integer> counts() {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            c.put(v.name(), 0);
        }
        lines.forEach(l -> c.merge(l.verdict.name(), 1, Integer::sum));
        return c;
    }

    static final String MEANING = "With N samples per member and 0 forbidden outcomes, a race that shows up in more than "
            + "3/N of samples would have been seen with 95% confidence (the rule of three); rarer races may remain. A "
            + "test that certifies k members gives each N/k of its samples. Lincheck's model checking and exact tests "
            + "count in full. A member whose strongest evidence is below the floor is THIN, not CERTIFIED.";

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.json"), json(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("index.html"), html(dir), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("TEST-thread-safety-report.xml"), junit(), StandardCharsets.UTF_8);
    }

    String summaryLine() {
        Line w = weakest();
        String weakestText = w == null ? "" : String.format(Locale.ROOT, "; weakest row %s at %,d samples per member",
                w.row.simpleName(), strength(w.evidence));
        return (red() ? "RED" : "GREEN") + ": " + counts() + (evidence.guards.isEmpty() ? ""
                : ", " + evidence.guards.size() + " guards tripped") + (evidence.stale.isEmpty() ? ""
                : ", " + evidence.stale.size() + " stale evidence files not counted") + weakestText;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("# " + title + " thread-safety report\n\n");
        if (!origin.isEmpty()) {
            sb.append(origin).append("\n\n");
        }
        sb.append("**Verdict: ").append(red() ? "RED" : "GREEN").append("** ").append(counts()).append("\n\n");
        sb.append(strengthSummary()).append("\n\n");
        String mutation = mutationSummary();
        if (mutation != null) {
            sb.append(mutation).append("\n\n");
        }
        sb.append("## Provenance\n\n");
        provenance.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        for (String s : evidence.sources) {
            sb.append("- evidence: ").append(s).append('\n');
        }
        sb.append("\n").append(MEANING).append("\n\n");
        if (!evidence.guards.isEmpty()) {
            sb.append("## Fail-open guards that tripped\n\n");
            evidence.guards.forEach(g -> sb.append("- ").append(g).append('\n'));
            sb.append('\n');
        }
        if (!evidence.stale.isEmpty()) {
            sb.append("## Stale evidence (of other code: listed, not counted)\n\n");
            evidence.stale.forEach(g -> sb.append("- ").append(g).append('\n'));
            sb.append('\n');
        }
        sb.append("## API\n\n| API | level | verdict | evidence |\n|---|---|---|---|\n");
        for (Line l : lines) {
            StringBuilder ev = new StringBuilder();
            for (Evidence.Item i : l.evidence) {
                ev.append(ev.length() == 0 ? "" : "<br>").append(i.passed ? "" : "**FAILED** ").append(i.describe());
            }
            if (l.verdict == Verdict.NOT_REQUIRED || l.verdict == Verdict.USER_CONTRACT) {
                ev.append(l.row.note.isEmpty() ? "" : l.row.note);
            }
            if (!mutationText(l).isEmpty()) {
                ev.append(ev.length() == 0 ? "" : "<br>").append(mutationText(l));
            }
            if (!rarestRace(l).isEmpty() && !l.row.member.isEmpty()) {
                ev.append("<br>").append(rarestRace(l));
            }
            sb.append("| `").append(l.row.simpleName()).append("` | ").append(l.row.level == null ? "—" : l.row.level)
                    .append(" | ").append(l.verdict).append(" | ").append(ev.toString().replace("|", "\\|"))
                    .append(" |\n");
        }
        if (evidence.mutation.values().stream().anyMatch(m -> !m.survivors.isEmpty())) {
            sb.append("\n## Surviving mutants\n\nEach is a planted race the evidence did not catch: in a public member "
                    + "it makes the member WEAK; in package-private code or private state it is marked (internal).\n\n");
            evidence.mutation.forEach((member, m) -> m.survivors.forEach(s -> sb.append("- `").append(member)
                    .append("` ").append(isInternal(member) ? "(internal) " : "").append(s.replace("|", "\\|"))
                    .append('\n')));
        }
        return sb.toString();
    }

    String json() throws IOException {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("schema", "threadproof-thread-safety-report/1");
        root.put("verdict", red() ? "RED" : "GREEN");
        ObjectNode p = root.putObject("provenance");
        provenance.forEach(p::put);
        ArrayNode src = root.putArray("evidenceSources");
        evidence.sources.forEach(src::add);
        root.put("meaningOfSamples", MEANING);
        ObjectNode c = root.putObject("counts");
        counts().forEach(c::put);
        ArrayNode g = root.putArray("guards");
        evidence.guards.forEach(g::add);
        ArrayNode st = root.putArray("stale");
        evidence.stale.forEach(st::add);
        if (floor > 0) {
            root.put("floor", floor);
        }
        root.put("strength", strengthSummary());
        Line w = weakest();
        if (w != null) {
            ObjectNode wo = root.putObject("weakest");
            wo.put("name", w.row.simpleName());
            wo.put("verdict", w.verdict.name());
            wo.put("samplesPerMember", strength(w.evidence));
        }
        String mutation = mutationSummary();
        if (mutation != null) {
            root.put("mutationSummary", mutation);
            internalSurvivors().forEach(root.putArray("internalSurvivors")::add);
        }
        ArrayNode api = root.putArray("api");
        for (Line l : lines) {
            ObjectNode o = api.addObject();
            o.put("type", l.row.type);
            o.put("member", l.row.member);
            o.put("name", l.row.simpleName());
            o.put("level", l.row.level);
            o.put("note", l.row.note);
            o.put("verdict", l.verdict.name());
            long n = strength(l.evidence);
            if (n == Evidence.FULL) {
                o.put("strength", exploredOnly(l.evidence) == null ? "full" : "explored");
            } else if (n > 0) {
                o.put("samplesPerMember", n);
                o.put("rarestRace", 3.0 / n);
            }
            Evidence.Mutation mu = l.row.member.isEmpty() ? null : evidence.mutation.get(l.row.simpleName());
            if (mu != null) {
                ObjectNode mo = o.putObject("mutation");
                mo.put("killed", mu.killed);
                mo.put("valid", mu.valid);
                ArrayNode sv = mo.putArray("survivors");
                mu.survivors.forEach(sv::add);
            }
            ArrayNode ev = o.putArray("evidence");
            for (Evidence.Item i : l.evidence) {
                ObjectNode e = ev.addObject();
                e.put("source", i.source);
                e.put("test", i.test);
                e.put("passed", i.passed);
                e.put("detail", i.detail);
                if (i.samples == Evidence.FULL) {
                    e.put("strength", i.source.equals(Evidence.EXPLORE) ? "explored" : "full");
                } else {
                    e.put("samplesPerMember", i.samples);
                }
                if (i.link != null) {
                    e.put("link", i.link);
                }
            }
        }
        return m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    String html(Path dir) {
        StringBuilder sb = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>" + esc(title) + " thread-safety report</title><style>"
                + "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}"
                + ".CERTIFIED{background:#e6f4ea}.WEAK,.THIN{background:#fef7e0}.FAILED,.NO_EVIDENCE,.UNDECLARED{background:#fce8e6}"
                + ".NOT_REQUIRED,.USER_CONTRACT{color:#555}</style></head><body>\n");
        sb.append("<h1>").append(esc(title)).append(" thread-safety report: ").append(red() ? "RED" : "GREEN").append("</h1>\n<p>")
                .append(esc(counts().toString())).append("</p>\n<p>").append(esc(strengthSummary())).append("</p>\n");
        String mutation = mutationSummary();
        if (mutation != null) {
            sb.append("<p>").append(esc(mutation)).append("</p>\n");
        }
        sb.append("<ul>");
        provenance.forEach((k, v) -> sb.append("<li>").append(esc(k)).append(": ").append(esc(v)).append("</li>"));
        evidence.sources.forEach(s -> sb.append("<li>evidence: ").append(esc(s)).append("</li>"));
        sb.append("</ul>\n<p>").append(esc(MEANING)).append("</p>\n");
        if (!evidence.guards.isEmpty()) {
            sb.append("<h2>Fail-open guards that tripped</h2><ul>");
            evidence.guards.forEach(g -> sb.append("<li>").append(esc(g)).append("</li>"));
            sb.append("</ul>\n");
        }
        if (!evidence.stale.isEmpty()) {
            sb.append("<h2>Stale evidence (of other code: listed, not counted)</h2><ul>");
            evidence.stale.forEach(g -> sb.append("<li>").append(esc(g)).append("</li>"));
            sb.append("</ul>\n");
        }
        sb.append("<p><input id=\"q\" placeholder=\"filter: type, member, level or verdict\" size=\"50\" "
                + "oninput=\"f()\"></p>\n<table id=\"t\"><tr><th>API</th><th>level</th><th>verdict</th>"
                + "<th>evidence</th></tr>\n");
        for (Line l : lines) {
            sb.append("<tr class=\"").append(l.verdict).append("\"><td><code>").append(esc(l.row.simpleName()))
                    .append("</code></td><td>").append(l.row.level == null ? "—" : l.row.level).append("</td><td>")
                    .append(l.verdict).append("</td><td>");
            for (Evidence.Item i : l.evidence) {
                String text = esc((i.passed ? "" : "FAILED ") + i.describe());
                if (i.link != null) {
                    String href = dir.toAbsolutePath().relativize(Path.of(i.link).toAbsolutePath()).toString();
                    sb.append("<a href=\"").append(esc(href.replace('\\', '/'))).append("\">").append(text)
                            .append("</a><br>");
                } else {
                    sb.append(text).append("<br>");
                }
            }
            sb.append(esc(l.evidence.isEmpty() ? l.row.note : ""));
            if (!rarestRace(l).isEmpty() && !l.row.member.isEmpty()) {
                sb.append("<small>").append(esc(rarestRace(l))).append("</small>");
            }
            if (!mutationText(l).isEmpty()) {
                sb.append("<br>").append(esc(mutationText(l)));
                Evidence.Mutation mu = evidence.mutation.get(l.row.simpleName());
                mu.survivors.forEach(s -> sb.append("<br><small>survived: ").append(esc(s)).append("</small>"));
            }
            sb.append("</td></tr>\n");
        }
        sb.append("</table>\n");
        List<String> internal = internalSurvivors();
        if (!internal.isEmpty()) {
            sb.append("<h2>Surviving mutants in package-private code or private state</h2><ul>");
            internal.forEach(s -> sb.append("<li>").append(esc(s)).append("</li>"));
            sb.append("</ul>\n");
        }
        sb.append("<script>function f(){var q=document.getElementById('q').value.toLowerCase();"
                + "document.querySelectorAll('#t tr').forEach(function(r,i){if(i>0)r.style.display="
                + "r.textContent.toLowerCase().indexOf(q)<0?'none':'';});}</script>\n</body></html>\n");
        return sb.toString();
    }

    String junit() {
        List<Line> gated = new ArrayList<>();
        for (Line l : lines) {
            if (l.verdict != Verdict.NOT_REQUIRED && l.verdict != Verdict.USER_CONTRACT) {
                gated.add(l);
            }
        }
        long failures = gated.stream().filter(this::failing).count()
                + (evidence.guards.isEmpty() ? 0 : 1);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<testsuite name=\"thread-safety-report\" tests=\"%d\" failures=\"%d\" "
                + "errors=\"0\" skipped=\"0\">%n", gated.size() + 1, failures));
        sb.append("  <testcase classname=\"thread-safety-report\" name=\"fail-open guards\">");
        if (!evidence.guards.isEmpty()) {
            sb.append("<failure message=\"").append(esc(evidence.guards.size() + " guards tripped")).append("\">")
                    .append(esc(String.join("\n", evidence.guards))).append("</failure>");
        }
        sb.append("</testcase>\n");
        for (Line l : gated) {
            sb.append("  <testcase classname=\"").append(esc(l.row.type)).append("\" name=\"")
                    .append(esc(l.row.member.isEmpty() ? "<type>" : l.row.member)).append("\">");
            if (failing(l)) {
                sb.append("<failure message=\"").append(l.verdict).append("\">").append(esc(l.row.simpleName()))
                        .append(" is ").append(l.row.level).append(" but ").append(l.verdict).append("</failure>");
            }
            sb.append("</testcase>\n");
        }
        return sb.append("</testsuite>\n").toString();
    }
}
