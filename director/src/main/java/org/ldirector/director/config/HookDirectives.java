package org.ldirector.director.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads {@code notify}, {@code monalert}, {@code monupalert} (global and per virtual) and {@code notifyfifo}
 * (global) into a {@link Draft} (our extension, docs/operations.md "Event hooks").
 */
final class HookDirectives {

    /** The hook directives given so far in one scope; null = not given. */
    static final class Draft {
        HookCommand notify;
        HookCommand monAlert;
        HookCommand monUpAlert;
        String notifyFifo;
    }

    private HookDirectives() {
    }

    /** Reads {@code linedata} if it is one of the hook directives; false when it is none of them. */
    static boolean read(ParseContext ctx, int line, String linedata, Draft d, boolean global) throws ConfigException {
        String v;
        if ((v = PerlText.value("notify", linedata)) != null) {
            d.notify = command(ctx, line, "notify", v);
        } else if ((v = PerlText.value("monalert", linedata)) != null) {
            d.monAlert = command(ctx, line, "monalert", v);
        } else if ((v = PerlText.value("monupalert", linedata)) != null) {
            d.monUpAlert = command(ctx, line, "monupalert", v);
        } else if (global && (v = PerlText.value("notifyfifo", linedata)) != null) {
            String path = v.strip();
            if (path.isEmpty()) {
                throw ctx.error(line, "notifyfifo file not specified");
            }
            if (!path.startsWith("/")) {
                throw ctx.error(line, "notifyfifo file must be an absolute path: " + path);
            }
            d.notifyFifo = ctx.path(line, path, "notifyfifo");
        } else {
            return false;
        }
        return true;
    }

    private static HookCommand command(ParseContext ctx, int line, String directive, String value) throws ConfigException {
        try {
            return HookCommand.parse(value);
        } catch (IllegalArgumentException e) {
            throw ctx.error(line, "invalid " + directive + " command: " + e.getMessage());
        }
    }

    static HookSettings global(Draft g) {
        return new HookSettings(Optional.ofNullable(g.notify), Optional.ofNullable(g.monAlert),
                Optional.ofNullable(g.monUpAlert), Optional.ofNullable(g.notifyFifo).map(Path::of));
    }

    /** Per virtual: its own commands, else the global ones; the FIFO is always the global one. */
    static HookSettings effective(Draft section, Draft g) {
        return new HookSettings(Optional.ofNullable(section.notify != null ? section.notify : g.notify),
                Optional.ofNullable(section.monAlert != null ? section.monAlert : g.monAlert),
                Optional.ofNullable(section.monUpAlert != null ? section.monUpAlert : g.monUpAlert),
                Optional.ofNullable(g.notifyFifo).map(Path::of));
    }
}
