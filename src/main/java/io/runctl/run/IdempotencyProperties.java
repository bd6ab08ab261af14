package io.runctl.run;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long an answer is replayed for its key
 * @param inFlightTimeout how long a key stays "in progress" when its first request never
 * answered (its instance stopped in the middle of the call); after that the key acts
 * anew. Longer than any control call takes.
 */
@ConfigurationProperties("runctl.idempotency")
record IdempotencyProperties(@DefaultValue("24h") Duration retention, @DefaultValue("2m") Duration inFlightTimeout) {
}
