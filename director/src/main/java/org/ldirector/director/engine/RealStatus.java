package org.ldirector.director.engine;

import java.time.Instant;

/** A snapshot of one {@link RealHealth}: health, failure count, last check result and when it arrived (null before the first). */
public record RealStatus(Health health, int failures, String lastMessage, Instant lastCheck) {
}
