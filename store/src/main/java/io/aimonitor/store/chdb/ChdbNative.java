package io.aimonitor.store.chdb;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * Direct JNA mapping of the chDB C API (chdb.h of chDB 26.x). Handles are opaque pointers; a {@code
 * chdb_connection*} is what chdb_connect returns and chdb_close_conn takes, every other call takes
 * the {@code chdb_connection} it points to.
 */
final class ChdbNative {
    private static volatile boolean registered;

    private ChdbNative() {}

    static synchronized void register(Path library) {
        if (!registered) {
            Native.register(ChdbNative.class, NativeLibrary.getInstance(library.toString()));
            registered = true;
        }
    }

    static native Pointer chdb_version();

    static native void chdb_set_signal_handlers_enabled(int enabled);

    /** argv is a {@code char**} (a JNA StringArray); returns a {@code chdb_connection*}. */
    static native Pointer chdb_connect(int argc, Pointer argv);

    static native void chdb_close_conn(Pointer connectionPointer);

    static native Pointer chdb_query_n(
            Pointer connection, byte[] query, long queryLength, byte[] format, long formatLength);

    static native Pointer chdb_query_with_params(
            Pointer connection,
            String query,
            String format,
            Pointer paramNames,
            Pointer paramValues,
            long paramCount);

    static native Pointer chdb_result_buffer(Pointer result);

    static native long chdb_result_length(Pointer result);

    static native long chdb_result_rows_written(Pointer result);

    static native Pointer chdb_result_error(Pointer result);

    static native void chdb_destroy_query_result(Pointer result);

    static native Pointer chdb_stream_insert(Pointer connection, String query, String format);

    static native int chdb_stream_append(Pointer stream, byte[] data, long length);

    static native Pointer chdb_stream_done(Pointer stream);

    static native Pointer chdb_stream_insert_error(Pointer stream);

    static native void chdb_destroy_insert_stream(Pointer stream);
}
