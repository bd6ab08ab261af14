package io.runctl.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Which pipeline a request addresses (API.md section 2): each id from its query
 * parameter, else from the lock file, else from the {@link PipelineDefaults} if there is
 * one and the lock file names no id (a lock file that names some is the caller's own
 * pipeline: what it lacks is missing, not the sandbox's); every id checked before
 * anything else happens.
 */
@Component
public class PipelineResolver {

	private final LockFile lockFile;

	private final ObjectProvider<PipelineDefaults> fallback;

	PipelineResolver(LockFile lockFile, ObjectProvider<PipelineDefaults> fallback) {
		this.lockFile = lockFile;
		this.fallback = fallback;
	}

	public PipelineCoordinates resolve(@Nullable String userId, @Nullable String appId, @Nullable String pipelineId,
			@Nullable String pipelineVersionId) {
		// All four in the query: neither the lock file nor the defaults are consulted.
		boolean complete = userId != null && appId != null && pipelineId != null && pipelineVersionId != null;
		LockFile.Defaults defaults = complete ? LockFile.Defaults.NONE : this.lockFile.current().defaults();
		PipelineCoordinates other = (complete || defaults.namesAny()) ? null : fallback();
		String user = firstPresent(userId, defaults.userId(), (other != null) ? other.userId() : null);
		String app = firstPresent(appId, defaults.appId(), (other != null) ? other.appId() : null);
		String pipeline = firstPresent(pipelineId, defaults.pipelineId(), (other != null) ? other.pipelineId() : null);
		String version = firstPresent(pipelineVersionId, defaults.pipelineVersionId(),
				(other != null) ? other.pipelineVersionId() : null);
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

	private @Nullable PipelineCoordinates fallback() {
		PipelineDefaults defaults = this.fallback.getIfAvailable();
		return (defaults != null) ? defaults.defaultPipeline() : null;
	}

	private static @Nullable String firstPresent(@Nullable String explicit, @Nullable String fromLockFile,
			@Nullable String fromFallback) {
		return (explicit != null) ? explicit : (fromLockFile != null) ? fromLockFile : fromFallback;
	}

	private static void addIfMissing(List<String> missing, String name, @Nullable String value) {
		if (value == null) {
			missing.add(name);
		}
	}

}
