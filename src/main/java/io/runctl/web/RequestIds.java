package io.runctl.web;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The request id of the current request: the caller's {@code X-Request-Id} when it is a
 * sane token, else a generated one.
 */
public final class RequestIds {

	public static final String HEADER = "X-Request-Id";

	/** Request attribute and MDC key holding the id. */
	public static final String KEY = "request_id";

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private RequestIds() {
	}

	static String acceptOrGenerate(@Nullable String offered) {
		if (offered != null && SANE.matcher(offered).matches()) {
			return offered;
		}
		return UUID.randomUUID().toString().replace("-", "");
	}

	/**
	 * The id of this request; generated on first use when no filter set one (e.g. in
	 * slice tests).
	 */
	public static String of(HttpServletRequest request) {
		Object id = request.getAttribute(KEY);
		if (id instanceof String value) {
			return value;
		}
		String generated = acceptOrGenerate(request.getHeader(HEADER));
		request.setAttribute(KEY, generated);
		return generated;
	}

}
