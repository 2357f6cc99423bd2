package io.aimonitor.api.notify.channel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which addresses user-supplied URLs may reach (SSRF protection): a name is resolved and every
 * address it resolves to must be public - not loopback, private, link-local (cloud metadata),
 * CGNAT, unspecified, multicast or reserved, nor such an address embedded in IPv6 (mapped, NAT64,
 * 6to4) - unless the host or its network is on the allow-list. The checked addresses are the ones
 * connected to (see {@link SafeHttp}), so a second, different DNS answer cannot slip in.
 */
public final class AddressPolicy {
    private record Cidr(byte[] network, int bits) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest);
            return (b[full] & mask) == (network[full] & mask);
        }
    }

    private static final List<Cidr> BLOCKED_V4 =
            List.of(
                    cidr("0.0.0.0/8"),
                    cidr("10.0.0.0/8"),
                    cidr("100.64.0.0/10"),
                    cidr("127.0.0.0/8"),
                    cidr("169.254.0.0/16"),
                    cidr("172.16.0.0/12"),
                    cidr("192.0.0.0/24"),
                    cidr("192.168.0.0/16"),
                    cidr("198.18.0.0/15"),
                    cidr("224.0.0.0/4"),
                    cidr("240.0.0.0/4"));
    private static final List<Cidr> BLOCKED_V6 =
            List.of(
                    cidr("::/128"),
                    cidr("::1/128"),
                    cidr("fc00::/7"),
                    cidr("fe80::/10"),
                    cidr("ff00::/8"));

    /** A host refused by the policy: not worth retrying, unlike a failed lookup. */
    public static final class Refused extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final List<String> allowedHosts = new ArrayList<>();
    private final List<Cidr> allowedNetworks = new ArrayList<>();

    /** {@code allowList}: host names, addresses or CIDR networks that may be reached anyway. */
    public AddressPolicy(List<String> allowList) {
        for (String entry : allowList) {
            String e = entry.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.contains("/") || looksLikeAddress(e)) {
                allowedNetworks.add(
                        cidr(e.contains("/") ? e : e + (e.contains(":") ? "/128" : "/32")));
            } else {
                allowedHosts.add(e);
            }
        }
    }

    /** Resolves {@code host}, refusing it unless every address may be reached. */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        InetAddress numeric = numericV4(h);
        InetAddress[] addresses =
                numeric != null ? new InetAddress[] {numeric} : InetAddress.getAllByName(h);
        if (allowedHosts.contains(h)) {
            return List.of(addresses);
        }
        for (InetAddress a : addresses) {
            if (!mayReach(a)) {
                throw new Refused(
                        host
                                + " resolves to "
                                + a.getHostAddress()
                                + ", a non-public address: refused (allow it with notifications.allowed-hosts)");
            }
        }
        return List.of(addresses);
    }

    boolean mayReach(InetAddress a) {
        for (Cidr allowed : allowedNetworks) {
            if (allowed.contains(a)) {
                return true;
            }
        }
        return isPublic(a);
    }

    static boolean isPublic(InetAddress a) {
        if (a instanceof Inet4Address) {
            return BLOCKED_V4.stream().noneMatch(c -> c.contains(a));
        }
        byte[] b = a.getAddress();
        InetAddress embedded = embeddedV4(b);
        if (embedded != null) {
            return isPublic(embedded);
        }
        return a instanceof Inet6Address && BLOCKED_V6.stream().noneMatch(c -> c.contains(a));
    }

    /** The IPv4 address inside a mapped (::ffff:), compatible (::), NAT64 or 6to4 address. */
    private static InetAddress embeddedV4(byte[] b) {
        try {
            boolean zeros10 = true;
            for (int i = 0; i < 10; i++) {
                zeros10 &= b[i] == 0;
            }
            if (zeros10
                    && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff)
                            || (b[10] == 0 && b[11] == 0))) {
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
                return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
            }
            return null;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * IPv4 in the forms inet_aton accepts and some clients still send: one to four parts, each
     * decimal, octal (leading 0) or hex (0x) - {@code 2130706433}, {@code 0x7f.1}, {@code
     * 0177.0.0.1}.
     */
    static InetAddress numericV4(String host) {
        if (!host.matches("(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+)){0,3}")) {
            return null;
        }
        String[] parts = host.split("\\.");
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            try {
                v[i] =
                        p.startsWith("0x")
                                ? Long.parseLong(p.substring(2), 16)
                                : p.length() > 1 && p.startsWith("0")
                                        ? Long.parseLong(p.substring(1), 8)
                                        : Long.parseLong(p);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        long value = 0;
        for (int i = 0; i < v.length - 1; i++) {
            if (v[i] > 255) {
                return null;
            }
            value |= v[i] << (24 - 8 * i);
        }
        long last = v[v.length - 1];
        if (last >= 1L << (32 - 8 * (v.length - 1))) {
            return null;
        }
        value |= last;
        try {
            return InetAddress.getByAddress(
                    new byte[] {
                        (byte) (value >> 24),
                        (byte) (value >> 16),
                        (byte) (value >> 8),
                        (byte) value
                    });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean looksLikeAddress(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    private static Cidr cidr(String text) {
        int slash = text.indexOf('/');
        try {
            byte[] network = InetAddress.getByName(text.substring(0, slash)).getAddress();
            return new Cidr(network, Integer.parseInt(text.substring(slash + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address or network: " + text, e);
        }
    }
}
