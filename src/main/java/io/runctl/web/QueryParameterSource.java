package io.runctl.web;

import java.util.Collection;

import org.springframework.core.MethodParameter;

/**
 * Query parameters a handler's argument is read from although it is not a
 * {@code @RequestParam} (the pipeline coordinates): {@link SingleQueryValues} accepts
 * them as known.
 */
public interface QueryParameterSource {

	/**
	 * @param parameter an argument of a handler method
	 * @return the query parameters it is read from; empty when none
	 */
	Collection<String> queryParameters(MethodParameter parameter);

}
