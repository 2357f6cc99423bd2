package io.aimonitor.schemas.rum;

import java.io.Serializable;

/**
 * One Web Vitals measurement from one page view, scored when it was accepted.
 *
 * @param metric a {@link WebVital} name
 * @param rating its {@link WebVital.Rating} label
 */
public record VitalSample(
        long timestampMs,
        String app,
        String page,
        String metric,
        double value,
        String rating,
        String browser,
        String session,
        String navigationType)
        implements Serializable {}
