package io.runctl.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Shows in health whether the lock file is present and readable. A malformed file does
 * not take the service down (explicit coordinates still work), so the status stays UP
 * with the error in the details.
 */
@Component("lockFileHealthContributor")
class LockFileHealthIndicator implements HealthIndicator {

	private final LockFile lockFile;

	LockFileHealthIndicator(LockFile lockFile) {
		this.lockFile = lockFile;
	}

	@Override
	public Health health() {
		LockFile.Snapshot snapshot = this.lockFile.current();
		Health.Builder health = Health.up()
			.withDetail("path", this.lockFile.path().toString())
			.withDetail("present", snapshot.present());
		if (snapshot.error() != null) {
			health.withDetail("error", "config-lock.yaml is malformed and ignored: " + snapshot.error());
		}
		else if (snapshot.present()) {
			LockFile.Defaults defaults = snapshot.defaults();
			Map<String, @Nullable String> pipeline = new LinkedHashMap<>();
			pipeline.put("user_id", defaults.userId());
			pipeline.put("app_id", defaults.appId());
			pipeline.put("pipeline_id", defaults.pipelineId());
			pipeline.put("pipeline_version_id", defaults.pipelineVersionId());
			health.withDetail("pipeline", pipeline);
		}
		return health.build();
	}

}
