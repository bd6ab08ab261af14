package io.runctl.security;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import io.runctl.pipeline.PipelineAccess;
import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Refuses ({@code 403}) a key limited to some pipelines when the request addresses
 * another one, wherever the coordinates came from (query parameters or the lock file).
 */
@Component
class PipelineScopeCheck implements PipelineAccess {

	private final ControlRefusals refusals;

	PipelineScopeCheck(ControlRefusals refusals) {
		this.refusals = refusals;
	}

	@Override
	public void check(PipelineCoordinates pipeline, @Nullable RunCoordinates run) {
		Authentication caller = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (!(caller instanceof ApiKeyAuthentication authenticated) || authenticated.key() == null
				|| authenticated.key().allows(pipeline)) {
			return;
		}
		String detail = "API key '" + caller.getName() + "' is limited to the pipelines "
				+ authenticated.key().pipelines() + "; this request addresses " + pipeline.userId() + "/"
				+ pipeline.appId() + "/" + pipeline.pipelineId() + ".";
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			this.refusals.forbidden(request, caller.getName(), pipeline, detail);
		}
		throw new ProblemException(ProblemType.FORBIDDEN, detail, Map.of());
	}

}
