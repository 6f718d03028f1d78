package org.ldirector.director.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /}: the status page, rendered on the server so it works without JavaScript. The
 * {@code #live} part is also served alone ({@code /live}) for the page's script, which swaps it
 * in every second without a reload.
 */
final class Page {

    private Page() {
    }

    static String full(StatusSnapshot s, String connections, String filter, Optional<Logins.Session> session,
                       boolean actionsEnabled, String notice) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>ldirector</title><link rel=\"stylesheet\" href=\"/app.css\"></head><body>")
                .append("<header><h1>ldirector</h1><nav>");
        if (session.isPresent()) {
            b.append("<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"")
                    .append(esc(session.get().csrf())).append("\">signed in as <b>").append(esc(session.get().user()))
                    .append("</b> <button>Log out</button></form>");
        } else if (actionsEnabled) {
            b.append("<a href=\"/login\">Log in</a> to drain or maintain reals");
        } else {
            b.append("read-only (no webpasswd)");
        }
        b.append("</nav></header>");
        if (!notice.isEmpty()) {
            b.append("<p class=\"notice\" id=\"notice\" role=\"status\">").append(esc(notice)).append("</p>");
        }
        b.append("<main id=\"live\">");
        live(b, s, connections, session);
        b.append("</main><form id=\"filter\" method=\"get\" action=\"/\"><label>Filter connections "
                + "<input name=\"filter\" id=\"filterbox\" value=\"").append(esc(filter))
                .append("\"></label> <button>Apply</button></form>")
                .append("<script src=\"/app.js\"></script></body></html>\n");
        return b.toString();
    }

    static String live(StatusSnapshot s, String connections, Optional<Logins.Session> session) {
        StringBuilder b = new StringBuilder(8192);
        live(b, s, connections, session);
        return b.toString();
    }

    private static void live(StringBuilder b, StatusSnapshot s, String connections, Optional<Logins.Session> session) {
        b.append("<p class=\"taken\">as of <time id=\"taken\" datetime=\"").append(s.taken()).append("\">")
                .append(s.taken().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append("</time></p>");
        s.ipvsError().ifPresent(e -> b.append("<p class=\"error\">IPVS table not readable: ").append(esc(e)).append("</p>"));
        for (StatusSnapshot.Virtual v : s.virtuals()) {
            long up = v.reals().stream().filter(r -> r.health().equals("up")).count();
            b.append("<section class=\"virtual\"><h2>").append(esc(v.id())).append(" <small>").append(esc(v.scheduler()))
                    .append(", ").append(up).append(" of ").append(v.reals().size()).append(" up")
                    .append(v.fallbackActive() ? ", <span class=\"fallback\">fallback active</span>" : "")
                    .append(", ").append(v.counters().connectionsPerSecond()).append(" conn/s</small></h2>")
                    .append("<div class=\"scroll\"><table><thead><tr><th>Real</th><th>Health</th><th>Weight</th>"
                            + "<th>Kernel weight</th><th>Active</th><th>Inactive</th><th>Conn/s</th><th>Last check</th>"
                            + "<th>History</th>")
                    .append(session.isPresent() ? "<th>Action</th>" : "").append("</tr></thead><tbody>");
            for (StatusSnapshot.Real r : v.reals()) {
                b.append("<tr class=\"real ").append(r.health()).append(r.admin().isEmpty() ? "" : " " + r.admin()).append("\" data-real=\"").append(esc(r.endpoint()))
                        .append("\" data-virtual=\"").append(esc(v.id())).append("\" id=\"").append(esc(rowId(v.id(), r.endpoint())))
                        .append("\"><td>").append(esc(r.endpoint())).append("</td><td class=\"health\"><span class=\"badge ")
                        .append(r.health()).append("\">").append(r.health()).append("</span>")
                        .append(r.admin().isEmpty() ? "" : " <span class=\"badge admin\">" + r.admin() + "</span>")
                        .append(" <small>since ")
                        .append(ago(r.since(), s.taken())).append("</small></td><td>").append(r.configuredWeight())
                        .append("</td><td class=\"kweight\">").append(r.kernelWeight().map(String::valueOf).orElse("–"))
                        .append("</td><td>").append(r.counters().activeConnections()).append("</td><td>")
                        .append(r.counters().inactiveConnections()).append("</td><td>")
                        .append(r.counters().connectionsPerSecond()).append("</td><td>").append(esc(r.lastResult()));
                r.lastCheck().ifPresent(t -> b.append(" <small>(").append(ago(t, s.taken())).append(")</small>"));
                b.append("</td><td><ol class=\"history\">");
                for (StatusSnapshot.Transition t : r.history()) {
                    b.append("<li>").append(t.from()).append("→").append(t.to()).append(" <small>")
                            .append(ago(t.at(), s.taken())).append("</small></li>");
                }
                b.append("</ol></td>");
                session.ifPresent(se -> {
                    b.append("<td class=\"actions\">");
                    for (String a : new String[] {"drain", "maintenance", "ready"}) {
                        b.append("<form method=\"post\" action=\"/action\"><input type=\"hidden\" name=\"csrf\" value=\"")
                                .append(esc(se.csrf())).append("\"><input type=\"hidden\" name=\"virtual\" value=\"")
                                .append(esc(v.id())).append("\"><input type=\"hidden\" name=\"real\" value=\"")
                                .append(esc(r.endpoint())).append("\"><button name=\"action\" value=\"").append(a)
                                .append("\" class=\"act-").append(a).append("\">").append(a).append("</button></form>");
                    }
                    b.append("</td>");
                });
                b.append("</tr>");
            }
            b.append("</tbody></table></div></section>");
        }
        s.cluster().ifPresent(c -> b.append("<section id=\"cluster\"><h2>Cluster</h2><pre>").append(esc(c.render())).append("</pre></section>"));
        b.append("<section><h2>Connections</h2><pre id=\"connections\">").append(esc(connections)).append("</pre></section>");
    }

    static String login(String notice) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>ldirector: log in</title>"
                + "<link rel=\"stylesheet\" href=\"/app.css\"></head><body><header><h1>ldirector</h1></header>"
                + (notice.isEmpty() ? "" : "<p class=\"error\">" + esc(notice) + "</p>")
                + "<form method=\"post\" action=\"/login\" class=\"login\"><label>User <input name=\"user\" "
                + "autocomplete=\"username\"></label><label>Password <input name=\"password\" type=\"password\" "
                + "autocomplete=\"current-password\"></label><button>Log in</button></form></body></html>\n";
    }

    /**
     * The stable id of a real's row, {@code real-tcp:192.0.2.1:80-10.0.0.1:8080}: the same real under
     * two virtuals has two rows. Scripts and browser tests find a row by it across live updates.
     */
    static String rowId(String virtual, String endpoint) {
        return "real-" + virtual + "-" + endpoint;
    }

    /** How long ago, in words a glance can read: {@code 4 s ago}, {@code 3 min ago}, {@code 2 h ago}. */
    static String ago(Instant then, Instant now) {
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 120) {
            return s + " s ago";
        }
        if (s < 7200) {
            return s / 60 + " min ago";
        }
        return String.format(Locale.ROOT, "%d h ago", s / 3600);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
