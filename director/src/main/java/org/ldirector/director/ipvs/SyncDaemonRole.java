package org.ldirector.director.ipvs;

/** Which of the kernel's connection sync daemons runs: {@code ipvsadm --start-daemon master|backup}, or none. */
public enum SyncDaemonRole {
    MASTER, BACKUP, STOPPED
}
