package io.runctl.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * A fallback pipeline for requests that name none, consulted after the lock file. Another
 * feature may provide one bean of this type (the built-in sandbox does, for its demo
 * pipeline); without one, the lock file is the only source of defaults.
 */
public interface PipelineDefaults {

	/** The pipeline to address when neither the request nor the lock file names one. */
	@Nullable PipelineCoordinates defaultPipeline();

}
