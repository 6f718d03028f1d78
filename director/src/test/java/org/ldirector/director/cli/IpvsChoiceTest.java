package org.ldirector.director.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.ldirector.director.ipvs.DryRunIpvs;
import org.ldirector.director.ipvs.IpvsadmBackend;
import org.ldirector.director.ipvs.netlink.NetlinkIpvsBackend;

/** {@code --ipvs netlink|ipvsadm|dry-run}, {@code --dry-run} and {@code --ipvsadm PATH} on the command line. */
class IpvsChoiceTest {

    private static Invocation parse(String... args) throws Invocation.UsageException {
        return Invocation.parse("/usr/sbin/ldirectord", args);
    }

    @Test
    void eachBackendByName() throws Exception {
        assertThat(parse("--ipvs", "netlink", "status").ipvs()).isEqualTo(IpvsChoice.NETLINK);
        assertThat(parse("--ipvs=ipvsadm", "status").ipvs()).isEqualTo(IpvsChoice.IPVSADM);
        assertThat(parse("--ipvs", "dry-run", "status").dryRun()).isTrue();
        assertThat(parse("--dry-run", "status").ipvs()).isEqualTo(IpvsChoice.DRY_RUN);
        assertThat(parse("--dry-run", "--ipvs", "dry-run", "status").ipvs()).isEqualTo(IpvsChoice.DRY_RUN);
        assertThat(parse("status").ipvs()).isEqualTo(IpvsChoice.AUTO);
        assertThat(parse("--ipvsadm", "/opt/ipvsadm", "status").ipvs()).isEqualTo(IpvsChoice.IPVSADM);
    }

    @Test
    void contradictionsAndUnknownValuesAreUsageErrors() {
        assertThatThrownBy(() -> parse("--ipvs", "libnl", "status")).isInstanceOf(Invocation.UsageException.class)
                .hasMessage("--ipvs must be netlink, ipvsadm or dry-run, not 'libnl'");
        assertThatThrownBy(() -> parse("--dry-run", "--ipvs", "netlink", "status"))
                .hasMessage("--dry-run contradicts --ipvs netlink");
        assertThatThrownBy(() -> parse("--ipvsadm", "/sbin/ipvsadm", "--ipvs", "netlink", "status"))
                .hasMessageContaining("--ipvsadm PATH contradicts --ipvs netlink");
    }

    @Test
    void theBackendsSelected() throws Exception {
        assertThat(IpvsBackends.select(parse("--ipvs", "netlink", "status"))).isInstanceOf(NetlinkIpvsBackend.class);
        assertThat(IpvsBackends.select(parse("--dry-run", "status"))).isInstanceOf(DryRunIpvs.class);
        assertThat(IpvsBackends.select(parse("--ipvsadm", "/bin/true", "status"))).isInstanceOf(IpvsadmBackend.class);
        // without a choice: netlink when this kernel has IPVS, else ipvsadm (this build machine has none)
        boolean kernelHasIpvs = Files.exists(Path.of("/proc/net/ip_vs"));
        if (!kernelHasIpvs && IpvsadmBackend.locate().isPresent()) {
            assertThat(IpvsBackends.select(parse("status"))).isInstanceOf(IpvsadmBackend.class);
            assertThat(IpvsBackends.unavailableReason(parse("--ipvs", "netlink", "status")))
                    .contains("no generic netlink family IPVS");
        } else if (kernelHasIpvs) {
            assertThat(IpvsBackends.select(parse("status"))).isInstanceOf(NetlinkIpvsBackend.class);
        }
    }

    @Test
    void childInstancesGetTheSameBackend() throws Exception {
        assertThat(new ExecuteInstances(parse("--ipvs", "netlink", "status")).options()).containsSubsequence("--ipvs", "netlink");
        assertThat(new ExecuteInstances(parse("--dry-run", "status")).options()).contains("--dry-run");
        assertThat(new ExecuteInstances(parse("status")).options()).doesNotContain("--ipvs");
    }
}
