package io.runctl.run;

import java.time.Duration;
import java.util.Map;

import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;

/**
 * The audit trail could not be written, so the control request was not carried out:
 * {@code 503 service-unavailable} with {@code Retry-After}.
 */
public class JournalUnavailableException extends ProblemException {

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	public JournalUnavailableException(Throwable cause) {
		super(ProblemType.SERVICE_UNAVAILABLE,
				"The audit trail cannot be written right now, so nothing was done. Retry later.", Map.of(), RETRY_AFTER,
				cause);
	}

}
