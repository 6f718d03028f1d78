package org.ldirector.director.ipvs.netlink;

/** The errno values netlink and IPVS answer with, by name and glibc's {@code strerror()} text. */
final class Errno {

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ERANGE = 34;
    static final int ENOBUFS = 105;

    private Errno() {
    }

    static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 16 -> "EBUSY";
            case EEXIST -> "EEXIST";
            case 19 -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ERANGE -> "ERANGE";
            case 90 -> "EMSGSIZE";
            case 93 -> "EPROTONOSUPPORT";
            case 95 -> "EOPNOTSUPP";
            case 97 -> "EAFNOSUPPORT";
            case ENOBUFS -> "ENOBUFS";
            default -> "errno " + errno;
        };
    }

    static String strerror(int errno) {
        return switch (errno) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case ESRCH -> "No such process";
            case 12 -> "Cannot allocate memory";
            case 13 -> "Permission denied";
            case 16 -> "Device or resource busy";
            case EEXIST -> "File exists";
            case 19 -> "No such device";
            case EINVAL -> "Invalid argument";
            case ERANGE -> "Numerical result out of range";
            case 90 -> "Message too long";
            case 93 -> "Protocol not supported";
            case 95 -> "Operation not supported";
            case 97 -> "Address family not supported by protocol";
            case ENOBUFS -> "No buffer space available";
            default -> "Unknown error " + errno;
        };
    }

    /** {@code File exists (EEXIST)}. */
    static String describe(int errno) {
        return strerror(errno) + " (" + name(errno) + ")";
    }
}
