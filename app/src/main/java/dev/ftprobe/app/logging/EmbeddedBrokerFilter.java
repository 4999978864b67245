package dev.ftprobe.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;

/**
 * Drops the warnings of the embedded broker's own Kafka clients (its channel to the controller, its lifecycle manager,
 * its Raft client), which log through the same {@code org.apache.kafka.clients} loggers as the services' clients: a
 * user cannot act on them (the broker closing a client twice at shutdown), while a service's "cannot connect" warning
 * from the same logger must stay. They are told apart by the log-context prefix Kafka puts in front of each message.
 * Errors always pass.
 */
public final class EmbeddedBrokerFilter extends Filter<ILoggingEvent> {
    private static final String CLIENTS = "org.apache.kafka.clients.";
    private static final List<String> BROKER_CONTEXTS = List.of(
            "[NodeToControllerChannelManager ",
            "[BrokerLifecycleManager ",
            "[RaftManager ",
            "[BrokerToControllerChannelManager ");

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.ERROR)
                || !event.getLoggerName().startsWith(CLIENTS)) {
            return FilterReply.NEUTRAL;
        }
        String message = event.getFormattedMessage();
        if (message != null && BROKER_CONTEXTS.stream().anyMatch(message::startsWith)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
