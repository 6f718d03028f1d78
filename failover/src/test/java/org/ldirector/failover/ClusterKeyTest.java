package org.ldirector.failover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ldirector.failover.heartbeat.AuthKey;

class ClusterKeyTest {

    @Test
    void theSameSecretWithAnotherInstallationsSaltGivesAnotherKey() {
        AuthKey plain = new AuthKey(1, "sha1", "same-secret");
        AuthKey saltA = plain.withSalt("00112233445566778899aabbccddeeff");
        AuthKey saltB = plain.withSalt("ffeeddccbbaa99887766554433221100");
        byte[] a = ClusterKey.derive(saltA).getEncoded();
        assertThat(a).isEqualTo(ClusterKey.derive(new AuthKey(1, "sha1", "same-secret")
                .withSalt("00112233445566778899aabbccddeeff")).getEncoded());
        assertThat(a).isNotEqualTo(ClusterKey.derive(saltB).getEncoded());
        assertThat(a).isNotEqualTo(ClusterKey.derive(plain).getEncoded());
        assertThat(a).hasSize(32);
    }
}
