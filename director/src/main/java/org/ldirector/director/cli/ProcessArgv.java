package org.ldirector.director.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A process's argv as Linux shows it in {@code /proc/<pid>/cmdline}: NUL-terminated words. */
final class ProcessArgv {

    private ProcessArgv() {
    }

    /** The words of {@code cmdline} (a file like {@code /proc/self/cmdline}); empty for a kernel thread or a zombie. */
    static List<String> read(Path cmdline) throws IOException {
        byte[] raw = Files.readAllBytes(cmdline);
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < raw.length) {
            args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
        }
        return args;
    }
}
