package org.ldirector.director.web;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code ldirectord webpasswd FILE USER}: adds or changes USER's password in the htpasswd FILE, like
 * piranha-passwd. Asks twice on a terminal; otherwise reads one line from standard input.
 */
public final class WebPasswdCommand {

    private WebPasswdCommand() {
    }

    public static int run(String file, String user, InputStream in, PrintStream out, PrintStream err) {
        char[] password;
        Console console = System.console();
        try {
            if (isTerminal(console)) {
                char[] first = console.readPassword("New password for %s: ", user);
                char[] second = console.readPassword("Re-type new password: ");
                if (first == null || second == null || !Arrays.equals(first, second)) {
                    err.println("ldirectord: passwords do not match");
                    return 1;
                }
                password = first;
            } else {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    err.println("ldirectord: no password on standard input");
                    return 1;
                }
                password = line.toCharArray();
            }
            Htpasswd.setPassword(Path.of(file), user, password);
        } catch (IllegalArgumentException e) {
            err.println("ldirectord: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("ldirectord: cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        out.println("Password for " + user + " set in " + file);
        return 0;
    }

    /** JDK 22+ hands out a Console for redirected input too; only its isTerminal() tells (absent on 21). */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }
}
