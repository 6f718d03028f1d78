package org.ldirector.director.ipvs;

/** An IPVS operation failed (ipvsadm exited non-zero, could not be run, or its output could not be read). */
public class IpvsException extends Exception {

    public IpvsException(String message) {
        super(message);
    }

    public IpvsException(String message, Throwable cause) {
        super(message, cause);
    }
}
