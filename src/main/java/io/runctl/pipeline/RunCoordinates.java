package io.runctl.pipeline;

/**
 * A run id together with the pipeline version it belongs to: everything the upstream
 * needs to find it.
 */
public record RunCoordinates(PipelineCoordinates pipeline, String runId) {

	public String userId() {
		return this.pipeline.userId();
	}

	public String appId() {
		return this.pipeline.appId();
	}

	public String pipelineId() {
		return this.pipeline.pipelineId();
	}

	public String pipelineVersionId() {
		return this.pipeline.pipelineVersionId();
	}

	@Override
	public String toString() {
		return this.pipeline + "/runs/" + this.runId;
	}

}
