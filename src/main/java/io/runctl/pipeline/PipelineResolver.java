package io.runctl.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Which pipeline a request addresses (API.md section 2): each id from its query
 * parameter, else from the lock file; every id checked before anything else happens.
 */
@Component
public class PipelineResolver {

	private final LockFile lockFile;

	PipelineResolver(LockFile lockFile) {
		this.lockFile = lockFile;
	}

	public PipelineCoordinates resolve(@Nullable String userId, @Nullable String appId, @Nullable String pipelineId,
			@Nullable String pipelineVersionId) {
		LockFile.Defaults defaults = this.lockFile.current().defaults();
		String user = firstPresent(userId, defaults.userId());
		String app = firstPresent(appId, defaults.appId());
		String pipeline = firstPresent(pipelineId, defaults.pipelineId());
		String version = firstPresent(pipelineVersionId, defaults.pipelineVersionId());
		List<String> missing = new ArrayList<>();
		addIfMissing(missing, "user_id", user);
		addIfMissing(missing, "app_id", app);
		addIfMissing(missing, "pipeline_id", pipeline);
		addIfMissing(missing, "pipeline_version_id", version);
		if (!missing.isEmpty()) {
			throw new MissingParametersException(missing);
		}
		return new PipelineCoordinates(Ids.require("user_id", user), Ids.require("app_id", app),
				Ids.require("pipeline_id", pipeline), Ids.require("pipeline_version_id", version));
	}

	public RunCoordinates resolveRun(String runId, @Nullable String userId, @Nullable String appId,
			@Nullable String pipelineId, @Nullable String pipelineVersionId) {
		Ids.require("run_id", runId);
		return resolve(userId, appId, pipelineId, pipelineVersionId).run(runId);
	}

	private static @Nullable String firstPresent(@Nullable String explicit, @Nullable String fallback) {
		return (explicit != null) ? explicit : fallback;
	}

	private static void addIfMissing(List<String> missing, String name, @Nullable String value) {
		if (value == null) {
			missing.add(name);
		}
	}

}
