package io.runctl.security;

import java.util.List;

import io.runctl.pipeline.PipelineCoordinates;

/**
 * A configured API key: only its name, role, SHA-256 hash and pipelines are known, never
 * the key itself.
 *
 * @param pipelines the pipelines the key is limited to; empty means every pipeline
 */
record ApiKey(String name, Role role, byte[] sha256, List<PipelineScope> pipelines) {

	boolean allows(PipelineCoordinates pipeline) {
		return this.pipelines.isEmpty() || this.pipelines.stream().anyMatch((scope) -> scope.covers(pipeline));
	}

	@Override
	public String toString() {
		return "ApiKey[name=" + this.name + ", role=" + this.role.label() + ", pipelines=" + this.pipelines + "]";
	}

}
