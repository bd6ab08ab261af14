package io.runctl.security;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <api-key>}. A known key authenticates the request;
 * an unknown one is answered {@code 401} at once; no bearer key (or another scheme, such
 * as the sandbox's {@code Key}) leaves the request anonymous, for the authorization rules
 * to decide.
 */
class BearerKeyFilter extends OncePerRequestFilter {

	static final String REALM = "Bearer realm=\"runctl\"";

	private static final String PREFIX = "Bearer ";

	private final AuthenticationProvider provider;

	private final ProblemWriter problems;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	BearerKeyFilter(AuthenticationProvider provider, ProblemWriter problems) {
		this.provider = provider;
		this.problems = problems;
	}

	/** The built-in sandbox platform checks its own {@code Authorization: Key} header. */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + "/sandbox/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			chain.doFilter(request, response);
			return;
		}
		try {
			String presented = header.substring(PREFIX.length()).strip();
			SecurityContext context = this.contexts.createEmptyContext();
			context.setAuthentication(this.provider.authenticate(ApiKeyAuthentication.unauthenticated(presented)));
			this.contexts.setContext(context);
		}
		catch (AuthenticationException ex) {
			this.contexts.clearContext();
			ProblemException problem = unauthorized("The API key is not known.");
			problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"invalid_token\"");
			this.problems.write(problem, request, response);
			return;
		}
		chain.doFilter(request, response);
	}

	static ProblemException unauthorized(String detail) {
		ProblemException problem = new ProblemException(ProblemType.UNAUTHORIZED,
				detail + " Send 'Authorization: Bearer <api-key>'.", Map.of());
		problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, REALM);
		return problem;
	}

}
