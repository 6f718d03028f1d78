package org.ldirector.failover.heartbeat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.FileBasedConfiguration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * ha.cf as a commons-configuration2 file format. Heartbeat's format is "{@code directive arg arg…}" per line with
 * {@code #} comments; order matters and directives repeat ({@code node}, {@code ucast}), so every line becomes one
 * {@code directive} node, in file order, with attributes {@code name} and {@code line} and one {@code arg} child per
 * argument. Interpreting the directives is {@link HaCfReader}'s job.
 */
public final class HaCfConfiguration extends BaseHierarchicalConfiguration implements FileBasedConfiguration {

    /** One ha.cf line: its directive, 1-based line number and arguments. */
    public record Directive(String name, int line, List<String> args) {
    }

    @Override
    public void read(Reader in) throws IOException {
        BufferedReader reader = new BufferedReader(in);
        List<ImmutableNode> lines = new ArrayList<>();
        String text;
        int number = 0;
        while ((text = reader.readLine()) != null) {
            number++;
            int hash = text.indexOf('#');
            String[] words = (hash >= 0 ? text.substring(0, hash) : text).strip().split("\\s+");
            if (words[0].isEmpty()) {
                continue;
            }
            ImmutableNode.Builder node = new ImmutableNode.Builder().name("directive")
                    .addAttribute("name", words[0]).addAttribute("line", number);
            for (int i = 1; i < words.length; i++) {
                node.addChild(new ImmutableNode.Builder().name("arg").value(words[i]).create());
            }
            lines.add(node.create());
        }
        addNodes(null, lines);
    }

    @Override
    public void write(Writer out) {
        PrintWriter writer = new PrintWriter(out);
        for (Directive d : directives()) {
            writer.println(d.args().isEmpty() ? d.name() : d.name() + " " + String.join(" ", d.args()));
        }
        writer.flush();
    }

    /** The directives in file order. */
    public List<Directive> directives() {
        List<Directive> out = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> d : configurationsAt("directive")) {
            out.add(new Directive(d.getString("[@name]"), d.getInt("[@line]"), d.getList(String.class, "arg", List.of())));
        }
        return out;
    }
}
