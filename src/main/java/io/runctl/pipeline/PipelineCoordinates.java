package io.runctl.pipeline;

/**
 * The four ids that address a pipeline version upstream.
 */
public record PipelineCoordinates(String userId, String appId, String pipelineId, String pipelineVersionId) {

	/** The run with this id under this pipeline version. */
	public RunCoordinates run(String runId) {
		return new RunCoordinates(this, runId);
	}

	@Override
	public String toString() {
		return this.userId + "/" + this.appId + "/" + this.pipelineId + "/" + this.pipelineVersionId;
	}

}
