package io.aimonitor.api.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body within limits: on the bytes as sent and, for gzip or deflate bodies, on the
 * decompressed bytes (a few kilobytes of gzip can inflate to gigabytes).
 */
final class RequestBody {
    private RequestBody() {}

    static byte[] read(
            InputStream body,
            String contentEncoding,
            long contentLength,
            long maxBytes,
            long maxDecompressed) {
        if (contentLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] raw;
        try {
            raw = readLimited(body, maxBytes);
        } catch (IOException e) {
            throw OtlpHttpException.badRequest(
                    "could not read the request body: " + e.getMessage());
        }
        if (raw == null) {
            throw tooLarge(maxBytes);
        }
        String encoding =
                contentEncoding == null
                        ? "identity"
                        : contentEncoding.strip().toLowerCase(Locale.ROOT);
        InputStream decoded;
        try {
            switch (encoding) {
                case "":
                case "identity":
                    return raw;
                case "gzip":
                case "x-gzip":
                    decoded = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 8192);
                    break;
                case "deflate":
                    decoded = new InflaterInputStream(new java.io.ByteArrayInputStream(raw));
                    break;
                default:
                    throw OtlpHttpException.unsupported(
                            "Content-Encoding must be gzip, deflate or identity, got '"
                                    + contentEncoding
                                    + "'");
            }
            byte[] plain = readLimited(decoded, maxDecompressed);
            if (plain == null) {
                throw OtlpHttpException.tooLarge(
                        "decompressed request body is larger than " + maxDecompressed + " bytes");
            }
            return plain;
        } catch (ZipException | java.io.EOFException e) {
            throw OtlpHttpException.badRequest(
                    "request body is not valid " + encoding + " data: " + e.getMessage());
        } catch (IOException e) {
            throw OtlpHttpException.badRequest(
                    "could not decompress the request body: " + e.getMessage());
        }
    }

    /** The stream's bytes, or null when there are more than {@code limit}. */
    private static byte[] readLimited(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[16384];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static OtlpHttpException tooLarge(long maxBytes) {
        return OtlpHttpException.tooLarge("request body is larger than " + maxBytes + " bytes");
    }
}
