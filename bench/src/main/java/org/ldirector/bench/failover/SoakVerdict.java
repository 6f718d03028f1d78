package org.ldirector.bench.failover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's verdict.
 * <ul>
 * <li><b>Logged exactly once.</b> A flip of a real at time t is <em>judged</em> for a director when that director was
 * up for 10 s already, not stopped, and named the same active director in every poll from t − 3 s to t + 8 s (both
 * directors check every real; a flip inside a failover gap or a start, or one the stopped director slept through, is
 * counted apart, not judged). A judged flip must have exactly one
 * transition line of that real to that state (Quiescent/Deleted = down; Restored, or Added with a weight, = up) in
 * the director's log from t − 1 s to t + 8 s (the log's stamps have whole seconds; a check at a 1 s interval with a 3 s
 * timeout sees a flip within 4 s). None is a missed transition, two or more a duplicate. A line in a steady window
 * before the run's end that follows no flip of that real to that state (in the 9 s before it) is a false
 * transition.</li>
 * <li><b>No growth.</b> Samples of the first fifth of the run are warm-up; of the rest, the median of the last third
 * against the median of the middle third: fds and threads may differ by 5, heap after GC and RSS by 10 % (RSS: or 16
 * MB, a JIT/metaspace step), anything more is growth.</li>
 * <li><b>The table right.</b> After the reals froze and 12 s passed, every real in the active's {@code list} has
 * weight 1 if its last state was up, 0 if down.</li>
 * </ul>
 */
final class SoakVerdict {

    private static final Pattern LOG_LINE = Pattern.compile(
            "^\\[(\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4})\\|[^|]*\\|\\d+\\] (Quiescent|Deleted|Restored|Added)"
                    + " real server: " + Pattern.quote(SoakBench.REAL_ADDRESS) + ":(\\d+) .*?(?:\\(Weight set to (\\d+)\\))?$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
    private static final Pattern LIST_REAL = Pattern.compile("->\\s+" + Pattern.quote(SoakBench.REAL_ADDRESS)
            + ":(\\d+)\\s+\\S+\\s+(\\d+)");

    record Flip(long at, int port, boolean up) {
    }

    final List<String> lines = new ArrayList<>();
    private boolean passed = true;

    boolean passed() {
        return passed;
    }

    static SoakVerdict judge(SoakBench.SoakRecord record, Path flipsLog, List<Path> logs, String table, int active)
            throws IOException {
        SoakVerdict v = new SoakVerdict();
        List<Flip> flips = new ArrayList<>();
        Map<Integer, Boolean> last = new HashMap<>();
        boolean first = true;
        for (String l : Files.readAllLines(flipsLog)) {
            String[] f = l.split(" ");
            if (f.length == 3) {
                Flip flip = new Flip(Long.parseLong(f[0]), Integer.parseInt(f[1]), f[2].equals("up"));
                if (last.containsKey(flip.port())) {
                    flips.add(flip); // the first line per port is its initial state, not a flip
                }
                last.put(flip.port(), flip.up());
            }
        }
        v.lines.add("Flips of the reals: " + flips.size());
        for (int node = 1; node <= logs.size(); node++) {
            v.judgeLog(node, flips, parse(logs.get(node - 1)), record);
        }
        v.judgeTable(table, last, active);
        v.judgeGrowth(record);
        return v;
    }

    private static List<Flip> parse(Path log) throws IOException {
        List<Flip> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String l : Files.readAllLines(log)) {
            Matcher m = LOG_LINE.matcher(l);
            if (m.matches()) {
                long at = LocalDateTime.parse(m.group(1), STAMP).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                String kind = m.group(2);
                boolean up = kind.equals("Restored") || (kind.equals("Added") && m.group(4) != null
                        && !m.group(4).equals("0"));
                out.add(new Flip(at, Integer.parseInt(m.group(3)), up));
            }
        }
        return out;
    }

    /**
     * Whether {@code node} was steady in [from, to]: up for 10 s already (its first pass, which adds every real, is
     * not a transition), not stopped, and naming the same active director in every poll (no failover).
     */
    private static boolean steady(SoakBench.SoakRecord r, int node, long from, long to) {
        boolean any = false;
        long named = -1;
        long firstAnswer = Long.MAX_VALUE;
        for (long[] a : r.actives) {
            if (a[1] == node) {
                firstAnswer = Math.min(firstAnswer, a[0]);
            }
        }
        if (from < firstAnswer + 10_000) {
            return false;
        }
        for (long[] a : r.actives) {
            if (a[1] == node && a[0] >= from && a[0] <= to) {
                if (named != -1 && a[2] != named) {
                    return false;
                }
                named = a[2];
                any = true;
            }
        }
        for (long[] s : r.stops) {
            if (s[0] == node && s[1] <= to + 3000 && s[2] >= from - 3000) {
                return false;
            }
        }
        return any;
    }

    private void judgeLog(int node, List<Flip> flips, List<Flip> logged, SoakBench.SoakRecord r) {
        int judged = 0;
        int once = 0;
        int missed = 0;
        int twice = 0;
        int notJudged = 0;
        List<String> examples = new ArrayList<>();
        java.util.Set<Flip> matched = new java.util.HashSet<>();
        for (Flip f : flips) {
            if (!steady(r, node, f.at() - 3000, f.at() + 8000)) {
                notJudged++;
                continue;
            }
            judged++;
            List<Flip> hits = logged.stream().filter(l -> l.port() == f.port() && l.up() == f.up()
                    && l.at() >= f.at() - 1000 && l.at() <= f.at() + 8000).toList();
            matched.addAll(hits);
            if (hits.size() == 1) {
                once++;
            } else if (hits.isEmpty()) {
                missed++;
                if (examples.size() < 5) {
                    examples.add("missed: port " + f.port() + " " + (f.up() ? "up" : "down") + " at " + f.at());
                }
            } else {
                twice++;
                if (examples.size() < 5) {
                    examples.add("logged " + hits.size() + " times: port " + f.port() + " at " + f.at());
                }
            }
        }
        int falseOnes = 0;
        for (Flip l : logged) {
            // False: in a steady window, and no flip at all (judged or not) of that real to that state shortly before.
            boolean explained = matched.contains(l) || flips.stream().anyMatch(f -> f.port() == l.port()
                    && f.up() == l.up() && f.at() >= l.at() - 9000 && f.at() <= l.at() + 1000);
            if (!explained && l.at() <= r.end && steady(r, node, l.at() - 8000, l.at() + 3000)) {
                falseOnes++;
                if (examples.size() < 8) {
                    examples.add("false transition: port " + l.port() + " " + (l.up() ? "up" : "down") + " at "
                            + l.at());
                }
            }
        }
        lines.add("node" + node + ": " + logged.size() + " transition lines; flips judged while it was steadily active "
                + judged + ": logged once " + once + ", missed " + missed + ", logged twice or more " + twice
                + ", false transitions " + falseOnes + "; not judged (standby, failover gap, stopped) " + notJudged);
        examples.forEach(e -> lines.add("  " + e));
        if (missed + twice + falseOnes > 0) {
            passed = false;
        }
    }

    private void judgeTable(String table, Map<Integer, Boolean> last, int active) {
        Matcher m = LIST_REAL.matcher(table);
        int right = 0;
        List<String> wrong = new ArrayList<>();
        while (m.find()) {
            int port = Integer.parseInt(m.group(1));
            boolean up = !m.group(2).equals("0");
            if (last.get(port) != null && last.get(port) == up) {
                right++;
            } else {
                wrong.add(port + " weight " + m.group(2) + ", real " + (Boolean.TRUE.equals(last.get(port)) ? "up" : "down"));
            }
        }
        lines.add("Final table of node" + active + ": " + right + " of " + last.size() + " reals right"
                + (wrong.isEmpty() ? "" : "; wrong: " + wrong.subList(0, Math.min(5, wrong.size()))));
        if (right != last.size()) {
            passed = false;
        }
    }

    private void judgeGrowth(SoakBench.SoakRecord r) {
        String[] names = {"fds", "threads", "RSS kB", "heap after GC kB"};
        for (var e : r.series.entrySet()) {
            List<long[]> s = e.getValue();
            int warm = s.size() / 5;
            List<long[]> rest = s.subList(warm, s.size());
            int third = rest.size() / 3;
            if (third < 1) {
                lines.add("node" + e.getKey() + ": too few samples for a growth verdict");
                continue;
            }
            for (int k = 1; k <= 4; k++) {
                long mid = median(rest.subList(third, 2 * third), k);
                long end = median(rest.subList(2 * third, rest.size()), k);
                long allowed = switch (k) {
                    case 1, 2 -> 5;
                    case 3 -> Math.max(mid / 10, 16 * 1024);
                    default -> mid / 10;
                };
                boolean grew = end - mid > allowed;
                lines.add(String.format("node%d %-17s %s  middle third %d → last third %d%s", e.getKey(), names[k - 1],
                        sparkline(s, k), mid, end, grew ? "  GROWTH" : ""));
                if (grew) {
                    passed = false;
                }
            }
        }
    }

    private static long median(List<long[]> s, int k) {
        long[] v = s.stream().mapToLong(x -> x[k]).sorted().toArray();
        return v[v.length / 2];
    }

    static String sparkline(List<long[]> s, int k) {
        String bars = "▁▂▃▄▅▆▇█";
        long min = s.stream().mapToLong(x -> x[k]).min().orElse(0);
        long max = s.stream().mapToLong(x -> x[k]).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        int step = Math.max(1, s.size() / 60);
        for (int i = 0; i < s.size(); i += step) {
            long x = s.get(i)[k];
            sb.append(max == min ? bars.charAt(0) : bars.charAt((int) ((x - min) * 7 / (max - min))));
        }
        return sb + " [" + min + ".." + max + "]";
    }

    String report(int minutes, int reals, String commit, String loadBefore, String loadAfter,
            SoakBench.SoakRecord record) {
        StringBuilder sb = new StringBuilder();
        sb.append("Soak: ").append(minutes).append(" min, ").append(reals).append(" flapping reals, reload every 30 s,")
                .append(" failover every 2 min; commit ").append(commit).append("\n");
        sb.append("/proc/loadavg before: ").append(loadBefore).append(", after: ").append(loadAfter).append("\n");
        sb.append("Events: ").append(record.events.size()).append(" (")
                .append(record.events.stream().filter(x -> x.contains("reload")).count()).append(" reloads, ")
                .append(record.events.stream().filter(x -> x.contains("failover")).count()).append(" failovers)\n\n");
        lines.forEach(l -> sb.append(l).append('\n'));
        sb.append("\nVerdict: ").append(passed ? "PASSED" : "FAILED").append('\n');
        return sb.toString();
    }
}
