package dev.ftprobe.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerFilterTest {
    private final LoggerContext context = new LoggerContext();
    private final EmbeddedBrokerFilter filter = new EmbeddedBrokerFilter();

    private FilterReply decide(String logger, Level level, String message) {
        Logger l = context.getLogger(logger);
        return filter.decide(new LoggingEvent(Logger.FQCN, l, level, message, null, null));
    }

    @Test
    void theBrokersOwnClientWarningsAreDroppedAndTheServicesKept() {
        String network = "org.apache.kafka.clients.NetworkClient";
        assertThat(decide(
                        network,
                        Level.WARN,
                        "[NodeToControllerChannelManager id=1 name=registration] Attempting "
                                + "to close NetworkClient that has already been closed."))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide(
                        network,
                        Level.WARN,
                        "[Consumer clientId=ftprobe-extractor, groupId=g] Connection to node "
                                + "-1 (localhost/127.0.0.1:9092) could not be established."))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(network, Level.ERROR, "[NodeToControllerChannelManager id=1 name=registration] failed"))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("dev.ftprobe.extractor.Extractor", Level.WARN, "[NodeToControllerChannelManager x"))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
