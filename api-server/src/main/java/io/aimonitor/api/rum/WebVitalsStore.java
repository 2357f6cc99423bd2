package io.aimonitor.api.rum;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.store.TelemetryStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Web Vitals per page from the minute rollups: p75 from the merged digests, rating counts. */
public final class WebVitalsStore {
    private final TelemetryStore store;

    public WebVitalsStore(TelemetryStore store) {
        this.store = store;
    }

    public List<JsonNode> perPage(String app, String metric, long fromMs, long toMs, int limit) {
        Map<String, String> params = new HashMap<>();
        params.put("from", Long.toString(fromMs));
        params.put("to", Long.toString(toMs));
        StringBuilder filter = new StringBuilder();
        if (app != null) {
            filter.append(" AND app = {app:String}");
            params.put("app", app);
        }
        if (metric != null) {
            filter.append(" AND metric = {metric:String}");
            params.put("metric", metric);
        }
        return store.query(
                "SELECT app, page, metric, quantileTDigestMerge(0.75)(digest) AS p75,"
                        + " sum(count) AS count, sum(good) AS good,"
                        + " sum(needs_improvement) AS needs_improvement, sum(poor) AS poor FROM "
                        + store.database()
                        + ".web_vitals_1m WHERE ts >= toStartOfMinute(toDateTime(intDiv({from:Int64}, 1000)))"
                        + " AND ts < toDateTime(intDiv({to:Int64}, 1000))"
                        + filter
                        + " GROUP BY app, page, metric ORDER BY count DESC, app, page, metric LIMIT "
                        + limit,
                params);
    }
}
