package io.runctl.run;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long an answer is replayed for its key
 * @param maxEntries how many keys this instance remembers at most (the oldest are
 * forgotten first)
 */
@ConfigurationProperties("runctl.idempotency")
record IdempotencyProperties(@DefaultValue("24h") Duration retention, @DefaultValue("100000") int maxEntries) {
}
