package dev.ftprobe.analyzer.stream;

import dev.ftprobe.geometry.ClusterPair;
import dev.ftprobe.geometry.HullSupport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The warm starts of a tracked series and split, as the {@value AnalyzerTopology#SUPPORTS_STORE} store holds them:
 * little-endian, the pair count, then per pair its two cluster ids, the support's size, its point indices in A and B
 * and its weights. Binary: a BERT base set has 136 pairs of up to 769 support points each.
 */
final class SupportsCodec {
    private SupportsCodec() {}

    static byte[] encode(Map<ClusterPair, HullSupport> supports) {
        int bytes = 4;
        for (HullSupport s : supports.values()) {
            bytes += 12 + s.size() * 16;
        }
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(supports.size());
        supports.forEach((pair, s) -> {
            b.putInt(pair.first()).putInt(pair.second()).putInt(s.size());
            for (int i = 0; i < s.size(); i++) {
                b.putInt(s.a()[i]).putInt(s.b()[i]).putDouble(s.weights()[i]);
            }
        });
        return b.array();
    }

    static Map<ClusterPair, HullSupport> decode(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int pairs = b.getInt();
        Map<ClusterPair, HullSupport> out = new LinkedHashMap<>();
        for (int p = 0; p < pairs; p++) {
            ClusterPair pair = new ClusterPair(b.getInt(), b.getInt());
            int n = b.getInt();
            int[] a = new int[n];
            int[] c = new int[n];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = b.getInt();
                c[i] = b.getInt();
                w[i] = b.getDouble();
            }
            out.put(pair, new HullSupport(a, c, w));
        }
        return out;
    }
}
