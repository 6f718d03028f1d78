package org.ldirector.director.importer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Piranha virtual's nanny check as an ldirectord check: {@code send}/{@code expect} become an http check (when the
 * send is an HTTP request) or a simpletcp check, {@code send_program} an external check through a wrapper script that
 * does what nanny does with the program's output, and no send/expect a connect check (nanny's default for port 80 is
 * an HTTP request, which is ldirectord's default http check).
 */
final class PiranhaCheck {

    private static final Pattern HTTP_REQUEST = Pattern.compile("^(GET|HEAD) (\\S+) HTTP/1\\.[01]\\\\r\\\\n");

    private final Report report;
    PiranhaCheck(Report report) {
        this.report = report;
    }

    void apply(Node v, CfVirtual out, int port, String protocol) {
        Optional<Node> send = v.child("send");
        Optional<Node> expect = v.child("expect");
        Optional<Node> program = v.child("send_program");
        boolean regex = v.child("use_regex").map(n -> n.value().equals("1")).orElse(false);
        if (program.isPresent() && !program.get().value().isBlank()) {
            send.ifPresent(s -> report.leftOut(s, "nanny ignores send when send_program is set"));
            external(program.get(), out, expect, regex);
            return;
        }
        if (send.isEmpty() && expect.isEmpty()) {
            if (port == 80 && protocol.equals("tcp")) {
                // nanny's default send/expect for port 80: GET / HTTP/1.0, expect "HTTP".
                out.set("checktype", "negotiate").set("service", "http").set("request", "\"/\"");
            } else {
                out.set("checktype", "connect");
            }
            return;
        }
        for (Optional<Node> n : java.util.List.of(send, expect)) {
            if (n.isPresent() && n.get().value().contains("#")) {
                report.leftOut(n.get(), "ldirectord.cf has no way to write a '#' in a section line; checked with"
                        + " connect instead");
                out.set("checktype", "connect");
                return;
            }
        }
        Matcher http = send.map(s -> HTTP_REQUEST.matcher(s.value())).filter(Matcher::find).orElse(null);
        if (http != null && protocol.equals("tcp")) {
            out.set("checktype", "negotiate").set("service", port == 443 ? "https" : "http")
                    .set("httpmethod", http.group(1)).set("request", "\"" + http.group(2) + "\"");
            if (expect.isPresent() && !expect.get().value().equals("*")) {
                if (regex) {
                    out.set("receive", "\"" + expect.get().value() + "\"");
                    report.approximated(expect.get(), "nanny matched the regex against the start of the response;"
                            + " ldirectord's http check matches it against the body of a 2xx response");
                } else if (!expect.get().value().startsWith("HTTP")) {
                    out.set("receive", "\"" + regexLiteral(expect.get().value()) + "\"");
                    report.approximated(expect.get(), "nanny compared it with the first bytes of the response;"
                            + " ldirectord's http check looks for it in the body of a 2xx response");
                } else if (!expect.get().value().matches("HTTP(/1\\.[01]( 2\\d\\d.*)?)?")) {
                    report.approximated(expect.get(), "ldirectord's http check wants a 2xx status line;"
                            + " this expect asked for another one");
                }
            }
            return;
        }
        out.set("checktype", "negotiate").set("service", "simpletcp");
        send.ifPresent(s -> {
            String request = s.value();
            if (request.contains("\\r") || request.contains("\\t") || request.contains("\\'")) {
                request = request.replace("\\r", "").replace("\\t", "\t").replace("\\'", "'");
                report.approximated(s, "ldirectord's simpletcp check sends \\n as a newline but has no \\r:"
                        + " the request is sent with bare newlines");
            }
            out.set("request", "\"" + request + "\"");
        });
        expect.ifPresent(e -> {
            if (regex) {
                out.set("receive", "\"" + e.value() + "\"");
            } else if (!e.value().equals("*")) {
                String text = unescape(e.value());
                int cut = text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.indexOf('\r');
                if (text.indexOf('\r') >= 0 && (cut < 0 || text.indexOf('\r') < cut)) {
                    cut = text.indexOf('\r');
                }
                if (cut >= 0) {
                    text = text.substring(0, cut);
                    report.approximated(e, "ldirectord's simpletcp check matches one line: only the expected"
                            + " text up to the first line break is compared");
                }
                out.set("receive", "\"^" + regexLiteral(text) + "\"");
            }
        });
    }

    /**
     * send_program with {@code %h} (the real's address) and {@code %p} (its port): our external check runs such a
     * command line nanny's way (split on blanks, no shell, the tokens replaced) and matches {@code receive} against its
     * output. nanny compares the output with expect ({@code strcmp}), or matches it with use_regex.
     */
    private void external(Node program, CfVirtual out, Optional<Node> expect, boolean regex) {
        String command = program.value().trim().replaceAll("\\s+", " ");
        if (command.contains("#") || expect.map(e -> e.value().contains("#")).orElse(false)) {
            report.leftOut(program, "ldirectord.cf has no way to write a '#' in a section line; checked with"
                    + " connect instead");
            out.set("checktype", "connect");
            return;
        }
        if (!command.contains("%h") && !command.contains("%p")) {
            report.approximated(program, "without %h the program is run by ldirectord's external check, which"
                    + " appends VIP VPORT RIP RPORT to it");
        }
        out.set("checktype", "external").set("checkcommand", "\"" + command + "\"");
        if (expect.isEmpty()) {
            report.approximated(program, "without expect the program's exit status decides (0 = up)");
        } else if (regex) {
            out.set("receive", "\"" + expect.get().value() + "\"");
        } else {
            out.set("receive", "\"^" + regexLiteral(unescape(expect.get().value())) + "$\"");
        }
    }

    /** A regex that matches {@code literal} as written (receive is a Perl regex). */
    static String regexLiteral(String literal) {
        StringBuilder b = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\^$.|?*+()[]{}/".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** nanny's escapes in send/expect: {@code \n}, {@code \r}, {@code \t}, {@code \\}, {@code \'}. */
    static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t").replace("\\'", "'")
                .replace("\\\\", "\\");
    }
}
