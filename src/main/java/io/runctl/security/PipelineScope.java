package io.runctl.security;

import io.runctl.pipeline.PipelineCoordinates;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline an API key is limited to: {@code user_id/app_id} (every pipeline of the app)
 * or {@code user_id/app_id/pipeline_id} (every version of that pipeline).
 */
record PipelineScope(String userId, String appId, @Nullable String pipelineId) {

	static PipelineScope parse(String text) {
		String[] parts = text.strip().split("/", -1);
		if (parts.length < 2 || parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isBlank)) {
			throw new IllegalArgumentException(
					"A key's pipeline must be 'user_id/app_id' or 'user_id/app_id/pipeline_id', not '" + text + "'");
		}
		return new PipelineScope(parts[0], parts[1], (parts.length == 3) ? parts[2] : null);
	}

	boolean covers(PipelineCoordinates pipeline) {
		return this.userId.equals(pipeline.userId()) && this.appId.equals(pipeline.appId())
				&& (this.pipelineId == null || this.pipelineId.equals(pipeline.pipelineId()));
	}

	@Override
	public String toString() {
		return this.userId + "/" + this.appId + ((this.pipelineId != null) ? "/" + this.pipelineId : "");
	}

}
