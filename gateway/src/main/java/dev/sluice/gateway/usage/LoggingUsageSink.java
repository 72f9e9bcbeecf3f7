package dev.sluice.gateway.usage;

import dev.sluice.usage.event.UsageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each event at DEBUG on logger {@code sluice.usage} (off unless {@code logging.level.sluice.usage=debug}, so the
 * hot path does not log): the sink when no Kafka is configured. Prometheus counts every request either way.
 */
public final class LoggingUsageSink implements UsageSink {

    private static final Logger log = LoggerFactory.getLogger("sluice.usage");

    @Override
    public void offer(UsageEvent event) {
        if (log.isDebugEnabled()) {
            log.debug("usage request_id={} model={} provider={} outcome={} status={} prompt={} completion={} cached={} source={} cost_usd={} ttft_ms={} latency_ms={}",
                    event.requestId(), event.model(), event.provider(), event.outcome(), event.httpStatus(),
                    event.usage().promptTokens(), event.usage().completionTokens(), event.usage().cachedTokens(),
                    event.usage().source(), event.costUsd().toPlainString(), event.timeToFirstTokenMs(), event.latencyMs());
        }
    }
}
