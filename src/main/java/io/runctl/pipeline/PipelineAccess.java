package io.runctl.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * Decides whether the current caller may address a pipeline. {@link PipelineArguments}
 * asks every such bean once the coordinates are resolved (from the query or the lock
 * file) and before the handler runs; refusing means throwing the problem to answer with.
 */
public interface PipelineAccess {

	/**
	 * @param pipeline the resolved pipeline version
	 * @param run the addressed run, when the handler takes one
	 */
	void check(PipelineCoordinates pipeline, @Nullable RunCoordinates run);

}
