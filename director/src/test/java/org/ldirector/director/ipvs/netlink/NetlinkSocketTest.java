package org.ldirector.director.ipvs.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.ldirector.director.ipvs.IpvsAvailability;
import org.ldirector.director.ipvs.IpvsException;

/**
 * The JNA socket against this machine's kernel: the netlink controller answers for itself
 * ({@code nlctrl}, id 0x10), and on a kernel without IPVS the backend says so with the kernel's
 * reason. Whether IPVS itself works is proven in the real-IPVS VM (realipvs, scenario netlink).
 */
class NetlinkSocketTest {

    @Test
    void theControllerResolvesItself() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.open(Duration.ofSeconds(5))) {
            FamilyResolver.Family f = FamilyResolver.resolve(s, 1, "nlctrl");
            assertThat(f.id()).isEqualTo(FamilyResolver.GENL_ID_CTRL);
            // a second request on the same socket: the sequence numbers keep the answers apart
            assertThat(FamilyResolver.resolve(s, 2, "nlctrl").id()).isEqualTo(FamilyResolver.GENL_ID_CTRL);
        }
    }

    @Test
    void anUnknownFamilyIsTheKernelsEnoent() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.open(Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> FamilyResolver.resolve(s, 1, "NOSUCHFAMILY")).isInstanceOf(IpvsException.class)
                    .hasMessageContaining("No such file or directory (ENOENT)");
        }
    }

    @Test
    void withoutIpvsTheProbeGivesTheReason() {
        IpvsAvailability a = new NetlinkIpvsBackend().probe();
        if (Files.exists(Path.of("/proc/net/ip_vs"))) {
            assertThat(a.available()).as(a.detail()).isTrue();
            assertThat(a.detail()).startsWith("IP Virtual Server version ");
        } else {
            assertThat(a.available()).isFalse();
            assertThat(a.detail()).isEqualTo("the kernel has no generic netlink family IPVS: No such file or directory"
                    + " (ENOENT); is the ip_vs module available?");
        }
    }
}
