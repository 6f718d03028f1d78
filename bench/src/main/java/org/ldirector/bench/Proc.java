package org.ldirector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads of /proc: a process's CPU time and memory, the machine's CPU time and load. Linux only. */
final class Proc {

    /** USER_HZ: the unit of the times in /proc/[pid]/stat and /proc/stat; 100 on every Linux port that matters. */
    static final double TICK_SECONDS = 0.01;

    private Proc() {
    }

    /** User and system CPU seconds of process {@code pid} ("self" for this one). */
    record Cpu(double user, double system) {
        double total() {
            return user + system;
        }

        Cpu minus(Cpu o) {
            return new Cpu(user - o.user, system - o.system);
        }
    }

    static Cpu cpu(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state); utime is field 14, stime field 15.
            return new Cpu(Long.parseLong(f[11]) * TICK_SECONDS, Long.parseLong(f[12]) * TICK_SECONDS);
        } catch (IOException | RuntimeException e) {
            return new Cpu(Double.NaN, Double.NaN);
        }
    }

    /** A field of /proc/[pid]/status in kB (VmRSS, VmHWM, ...) or as a count (Threads); -1 if absent. */
    static long status(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Machine-wide CPU time from the first line of /proc/stat: busy and total seconds over all cores. */
    record MachineCpu(double busy, double total, double steal) {
        MachineCpu minus(MachineCpu o) {
            return new MachineCpu(busy - o.busy, total - o.total, steal - o.steal);
        }
    }

    static MachineCpu machine() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = first.trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal guest guest_nice
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return new MachineCpu((total - idle) * TICK_SECONDS, total * TICK_SECONDS, steal * TICK_SECONDS);
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(Double.NaN, Double.NaN, Double.NaN);
        }
    }

    /** The first three fields of /proc/loadavg. */
    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
