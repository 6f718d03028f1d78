package org.ldirector.failover.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

    @ParameterizedTest
    @CsvSource({"2001:db8:0:0:0:0:0:1, 2001:db8::1", "0:0:0:0:0:0:0:1, ::1", "0:0:0:0:0:0:0:0, ::",
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1", "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6", "fe80:0:0:0:1:0:0:0, fe80::1:0:0:0",
            "2001:db8:0:1:2:3:4:5, 2001:db8:0:1:2:3:4:5"})
    void printsIpv6AsInetNtop(String in, String out) throws Exception {
        assertThat(Addresses.text(InetAddress.getByName(in))).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.1, true", "256.1.1.1, false", "10.0.0, false", "vip.example.com, false",
            "2001:db8::1, true", "[2001:db8::1], true", "2001:zz::1, false", "'', false"})
    void parsesLiteralsOnly(String text, boolean ok) {
        assertThat(IpLiterals.parse(text).isPresent()).isEqualTo(ok);
    }
}
