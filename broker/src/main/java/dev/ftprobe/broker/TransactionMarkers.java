package dev.ftprobe.broker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.WriteTxnMarkersRequest;
import org.apache.kafka.common.requests.WriteTxnMarkersResponse;

/**
 * Writes a COMMIT marker to one partition, as a transaction coordinator does ({@code WriteTxnMarkers}). Kafka's Admin
 * client can only abort ({@code abortTransaction}, which sends the same request with an ABORT marker); a transaction
 * that its coordinator committed but whose marker a kill lost on one partition must be committed there, or that
 * partition drops what the others kept. The request goes to the embedded broker itself, which leads every partition,
 * over a plain socket, in Kafka's wire format from the client library's own request classes.
 */
final class TransactionMarkers {
    private static final int TIMEOUT_MILLIS = 30_000;

    private TransactionMarkers() {}

    /**
     * Commits the transaction of {@code producerId} at {@code epoch} on {@code partition}, at the broker at host:port.
     */
    static void commit(String hostPort, TopicPartition partition, long producerId, short epoch, int coordinatorEpoch)
            throws IOException {
        WriteTxnMarkersRequestData.WritableTxnMarker marker = new WriteTxnMarkersRequestData.WritableTxnMarker()
                .setProducerId(producerId)
                .setProducerEpoch(epoch)
                .setCoordinatorEpoch(coordinatorEpoch)
                .setTransactionResult(true);
        marker.topics()
                .add(new WriteTxnMarkersRequestData.WritableTxnMarkerTopic()
                        .setName(partition.topic())
                        .setPartitionIndexes(List.of(partition.partition())));
        WriteTxnMarkersRequestData data = new WriteTxnMarkersRequestData();
        data.markers().add(marker);
        short version = ApiKeys.WRITE_TXN_MARKERS.latestVersion();
        RequestHeader header = new RequestHeader(ApiKeys.WRITE_TXN_MARKERS, version, "ftprobe-hanging-transactions", 1);
        ByteBuffer request =
                new WriteTxnMarkersRequest.Builder(data).build(version).serializeWithHeader(header);
        int colon = hostPort.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(
                    new InetSocketAddress(
                            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                    TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] bytes = new byte[request.remaining()];
            request.get(bytes);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            WriteTxnMarkersResponse r =
                    (WriteTxnMarkersResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
            Errors error = r.errorsByProducerId()
                    .getOrDefault(producerId, Map.of())
                    .getOrDefault(partition, Errors.UNKNOWN_SERVER_ERROR);
            if (error != Errors.NONE) {
                throw new IOException("committing the transaction of producer " + producerId + " on " + partition
                        + " failed: " + error.name() + " (" + error.message() + ")");
            }
        }
    }
}
