package dev.ftprobe.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ftprobe.geometry.DirectProbe;
import dev.ftprobe.geometry.HullDistance;
import dev.ftprobe.geometry.LabelledPoints;
import org.junit.jupiter.api.Test;

class DirectProbeAccuracyTest {
    @Test
    void separableBlobsAreAllRight() {
        LabelledPoints train = Synthetic.blobs(3, 30, 5, 21);
        LabelledPoints test = Synthetic.blobs(3, 10, 5, 22);
        double a = DirectProbeAccuracy.of(train, test, DirectProbe.builder().build(), HullDistance.exact());
        assertThat(a).isEqualTo(1.0);
    }

    @Test
    void aDiscInsideARingIsFoundByTheRingsClusters() {
        LabelledPoints train = Synthetic.rings(200, 2, 23);
        LabelledPoints test = Synthetic.rings(60, 2, 24);
        double a = DirectProbeAccuracy.of(train, test, DirectProbe.builder().build(), HullDistance.exact());
        // the ring splits into clusters that each leave the disc alone; a test point near a gap may go wrong
        assertThat(a).isGreaterThanOrEqualTo(0.9);
    }
}
