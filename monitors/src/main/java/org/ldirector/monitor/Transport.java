package org.ldirector.monitor;

/** The transport a check speaks over: the virtual service's protocol (a fwmark service checks over TCP). */
public enum Transport { TCP, UDP }
