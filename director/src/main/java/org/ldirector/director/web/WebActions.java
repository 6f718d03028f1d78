package org.ldirector.director.web;

/**
 * What the action endpoints call: {@code drain}, {@code maintenance}, {@code ready} on one
 * (virtual, real), and in cluster mode {@code standby} and {@code takeover}. Implementations throw
 * {@link IllegalArgumentException} for an unknown virtual or real and {@link IllegalStateException}
 * when the action cannot be done now; the message is shown to the user.
 */
public interface WebActions {

    /** @return a one-line description of what was done */
    String real(String action, String virtual, String real);

    /** @return the cluster's answer */
    String cluster(String action);

    /** No actions available in this daemon. */
    WebActions NONE = new WebActions() {
        @Override
        public String real(String action, String virtual, String real) {
            throw new IllegalStateException("drain, maintenance and ready are not available in this engine");
        }

        @Override
        public String cluster(String action) {
            throw new IllegalStateException("not in cluster mode");
        }
    };
}
