package org.ldirector.director.ipvs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which ipvsadm lists services and reals: libipvs' {@code ipvs_cmp_services} and
 * {@code ipvs_cmp_dests}, applied with glibc's {@code qsort} (a merge sort up to glibc 2.36,
 * Debian 12). The comparators subtract unsigned 32-bit addresses into an {@code int}
 * ({@code r = ntohl(s1->addr.ip) - ntohl(s2->addr.ip);}), so the order is circular: two IPv4
 * addresses 2^31 or more apart compare "backwards" ({@code 192.168.1.1} is listed before
 * {@code 10.0.0.1}, {@code 172.16.0.1} before both). While all addresses of a family fit in one
 * half of the circle the order is total and we give exactly ipvsadm's. When they do not (say
 * 10/8, 127/8 and 192.168/16 together) it is not transitive and ipvsadm's result depends on the
 * order the kernel returns services in (its hash buckets), which nobody outside can know; we then
 * feed the same merge sort in our table's order, which is stable but may differ from a real kernel.
 */
final class ListingOrder {

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_UDP = 17;

    private ListingOrder() {
    }

    static List<IpvsTable.Entry> services(Collection<IpvsTable.Entry> entries) {
        List<IpvsTable.Entry> list = new ArrayList<>(entries);
        mergeSort(list, (a, b) -> compareServices(a.service().key(), b.service().key()));
        return list;
    }

    static List<IpvsDestination> destinations(Collection<IpvsDestination> destinations) {
        List<IpvsDestination> list = new ArrayList<>(destinations);
        mergeSort(list, (a, b) -> compareDestinations(a.endpoint(), b.endpoint()));
        return list;
    }

    /** libipvs ipvs_cmp_services(): fwmark, af, protocol, address, port. */
    static int compareServices(ServiceKey s1, ServiceKey s2) {
        int r = fwmark(s1) - fwmark(s2);           // unsigned subtraction stored in an int
        if (r != 0) {
            return r;
        }
        r = af(s1.isIpv6()) - af(s2.isIpv6());
        if (r != 0) {
            return r;
        }
        r = protocol(s1) - protocol(s2);
        if (r != 0) {
            return r;
        }
        r = compareAddresses(s1.isIpv6(), address(s1), address(s2));
        if (r != 0) {
            return r;
        }
        return port(s1) - port(s2);
    }

    /** libipvs ipvs_cmp_dests(): address (by the first real's family), then port. */
    static int compareDestinations(Endpoint d1, Endpoint d2) {
        int r = compareAddresses(d1.isIpv6(), inNfInetAddr(d1.address().getAddress()),
                inNfInetAddr(d2.address().getAddress()));
        return r != 0 ? r : d1.port() - d2.port();
    }

    private static int compareAddresses(boolean ipv6, byte[] a, byte[] b) {
        int r = 0;
        for (int i = 0; r == 0 && i < (ipv6 ? 4 : 1); i++) {
            r = word(a, i) - word(b, i);             // ntohl(a) - ntohl(b), wrapping like C
        }
        return r;
    }

    private static int word(byte[] b, int i) {
        return ((b[4 * i] & 0xff) << 24) | ((b[4 * i + 1] & 0xff) << 16) | ((b[4 * i + 2] & 0xff) << 8)
                | (b[4 * i + 3] & 0xff);
    }

    /** union nf_inet_addr: an IPv4 address in its first four bytes, the rest zero. */
    private static byte[] inNfInetAddr(byte[] raw) {
        byte[] b = new byte[16];
        System.arraycopy(raw, 0, b, 0, Math.min(raw.length, 16));
        return b;
    }

    private static int fwmark(ServiceKey k) {
        return k instanceof ServiceKey.Fwmark f ? f.mark() : 0;
    }

    private static int af(boolean ipv6) {
        return ipv6 ? AF_INET6 : AF_INET;
    }

    private static int protocol(ServiceKey k) {
        // ipvsadm sets IPPROTO_TCP for -f services ("a sane value, even though it is not used")
        return k instanceof ServiceKey.Address a && a.protocol() == ServiceKey.Protocol.UDP ? IPPROTO_UDP : IPPROTO_TCP;
    }

    private static byte[] address(ServiceKey k) {
        return k instanceof ServiceKey.Address a ? inNfInetAddr(a.endpoint().address().getAddress()) : new byte[16];
    }

    private static int port(ServiceKey k) {
        return k instanceof ServiceKey.Address a ? a.endpoint().port() : 0;
    }

    /**
     * glibc msort_with_tmp(): split at n/2, sort both halves, merge taking from the left half
     * while {@code cmp(left, right) <= 0}. Never throws on an inconsistent comparator (TimSort may).
     */
    static <T> void mergeSort(List<T> list, Comparator<? super T> cmp) {
        int n = list.size();
        if (n <= 1) {
            return;
        }
        int n1 = n / 2;
        List<T> left = new ArrayList<>(list.subList(0, n1));
        List<T> right = new ArrayList<>(list.subList(n1, n));
        mergeSort(left, cmp);
        mergeSort(right, cmp);
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < left.size() && j < right.size()) {
            list.set(k++, cmp.compare(left.get(i), right.get(j)) <= 0 ? left.get(i++) : right.get(j++));
        }
        while (i < left.size()) {
            list.set(k++, left.get(i++));
        }
        while (j < right.size()) {
            list.set(k++, right.get(j++));
        }
    }
}
