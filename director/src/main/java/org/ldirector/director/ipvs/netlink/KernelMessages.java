package org.ldirector.director.ipvs.netlink;

import org.ldirector.director.ipvs.IpvsCommand;

/**
 * The text for a kernel error on a table change: libipvs' {@code ipvs_strerror()} message for the
 * command and errno (what {@code ipvsadm} would print), then the errno's name, e.g.
 * {@code Destination already exists (EEXIST)}.
 */
final class KernelMessages {

    private KernelMessages() {
    }

    static String text(IpvsCommand command, int errno) {
        String ipvsadm = switch (errno) {
            case Errno.EPERM -> "Permission denied (you must be root)";
            case Errno.EINVAL -> "Invalid operation. Possibly wrong module version, address not unicast, ...";
            case Errno.ERANGE -> "Numerical result out of range";
            case Errno.EEXIST -> switch (command) {
                case IpvsCommand.AddService a -> "Service already exists";
                case IpvsCommand.AddDestination a -> "Destination already exists";
                default -> null;
            };
            case Errno.ESRCH -> switch (command) {
                case IpvsCommand.EditService e -> "No such service";
                case IpvsCommand.DeleteService d -> "No such service";
                default -> "Service not defined";
            };
            case Errno.ENOENT -> switch (command) {
                case IpvsCommand.AddService a -> "Scheduler or persistence engine not found";
                case IpvsCommand.EditService e -> "Scheduler or persistence engine not found";
                case IpvsCommand.EditDestination e -> "No such destination";
                case IpvsCommand.DeleteDestination d -> "No such destination";
                default -> null;
            };
            default -> null;
        };
        return (ipvsadm == null ? Errno.strerror(errno) : ipvsadm) + " (" + Errno.name(errno) + ")";
    }
}
