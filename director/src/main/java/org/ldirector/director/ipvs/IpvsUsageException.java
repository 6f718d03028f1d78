package org.ldirector.director.ipvs;

/**
 * ipvsadm refused a command line before talking to the kernel (its {@code fail()}, exit status 2).
 * Unlike a kernel error, this ends an {@code ipvsadm -R} batch: the lines after it are not run.
 */
public class IpvsUsageException extends IpvsException {

    public IpvsUsageException(String message) {
        super(message);
    }
}
