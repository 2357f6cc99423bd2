package io.aimonitor.api.notify;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A webhook URL as shown to people who may read channels: user info and query values often carry a
 * token (Teams, Google Chat, Discord, {@code user:pass@}), so they are masked; scheme, host and
 * path stay readable.
 */
final class UrlCredentials {
    private UrlCredentials() {}

    static String masked(String url) {
        try {
            URI u = new URI(url);
            if (u.getRawUserInfo() == null && u.getRawQuery() == null) {
                return url;
            }
            StringBuilder b = new StringBuilder().append(u.getScheme()).append("://");
            if (u.getRawUserInfo() != null) {
                b.append(ChannelService.MASK).append('@');
            }
            b.append(u.getRawAuthority().substring(u.getRawAuthority().indexOf('@') + 1));
            b.append(u.getRawPath() == null ? "" : u.getRawPath());
            if (u.getRawQuery() != null) {
                b.append('?');
                String[] pairs = u.getRawQuery().split("&");
                for (int i = 0; i < pairs.length; i++) {
                    int eq = pairs[i].indexOf('=');
                    b.append(i == 0 ? "" : "&")
                            .append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq + 1))
                            .append(eq < 0 ? "" : ChannelService.MASK);
                }
            }
            return b.toString();
        } catch (URISyntaxException e) {
            return ChannelService.MASK; // not shown at all rather than half parsed
        }
    }
}
