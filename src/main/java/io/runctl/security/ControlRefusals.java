package io.runctl.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.pipeline.PipelineResolver;
import io.runctl.run.ControlJournal;
import io.runctl.run.ControlOptions;
import io.runctl.run.ControlRecord;
import io.runctl.run.JournalUnavailableException;
import io.runctl.web.RequestIds;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;

/**
 * Puts the control requests that security refuses ({@code 403}) on the audit trail, like
 * the ones the run control answers itself.
 */
@Component
class ControlRefusals {

	private static final Pattern CONTROL = Pattern.compile("/runs/([^/]{1,128})/(pause|resume|cancel)");

	private static final int MAX_DETAIL = 500;

	private final ControlJournal journal;

	private final PipelineResolver resolver;

	ControlRefusals(ControlJournal journal, PipelineResolver resolver) {
		this.journal = journal;
		this.resolver = resolver;
	}

	/**
	 * Records the refusal when the request is a control request.
	 * @param pipeline the addressed pipeline when known; otherwise resolved from the
	 * request if it can be
	 * @throws JournalUnavailableException when the record cannot be written
	 */
	void forbidden(HttpServletRequest request, @Nullable String actor, @Nullable PipelineCoordinates pipeline,
			String detail) {
		Matcher control = CONTROL.matcher(request.getRequestURI().substring(request.getContextPath().length()));
		if (!HttpMethod.POST.matches(request.getMethod()) || !control.matches()) {
			return;
		}
		PipelineCoordinates addressed = (pipeline != null) ? pipeline : resolve(request);
		ControlRecord record = new ControlRecord((actor != null) ? actor : ControlOptions.ANONYMOUS, control.group(2),
				control.group(1), addressed, Boolean.parseBoolean(request.getParameter("dry_run")), null, null,
				ControlRecord.FORBIDDEN, 403, null, shorten(detail), RequestIds.of(request), null);
		try {
			this.journal.write(record);
		}
		catch (RuntimeException ex) {
			throw new JournalUnavailableException(ex);
		}
	}

	private @Nullable PipelineCoordinates resolve(HttpServletRequest request) {
		try {
			return this.resolver.resolve(request.getParameter("user_id"), request.getParameter("app_id"),
					request.getParameter("pipeline_id"), request.getParameter("pipeline_version_id"));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String shorten(String detail) {
		return (detail.length() <= MAX_DETAIL) ? detail : detail.substring(0, MAX_DETAIL);
	}

}
