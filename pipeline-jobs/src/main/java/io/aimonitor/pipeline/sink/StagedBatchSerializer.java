package io.aimonitor.pipeline.sink;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Serializes committables into checkpoints; version 1: table, batch id, rows. */
public class StagedBatchSerializer implements SimpleVersionedSerializer<StagedBatch> {
    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(StagedBatch batch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(batch.table());
            out.writeLong(batch.batchId());
            out.writeLong(batch.rows());
        }
        return bytes.toByteArray();
    }

    @Override
    public StagedBatch deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("unknown staged batch version " + version);
        }
        try (DataInputStream in =
                new DataInputStream(new java.io.ByteArrayInputStream(serialized))) {
            return new StagedBatch(in.readUTF(), in.readLong(), in.readLong());
        }
    }
}
