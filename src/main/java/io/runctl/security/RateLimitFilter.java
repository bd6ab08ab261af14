package io.runctl.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spends a token of the caller's key for every authenticated request; without one the
 * answer is {@code 429 too-many-requests} with {@code Retry-After}.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private final KeyRateLimiter limiter;

	private final ProblemWriter problems;

	RateLimitFilter(KeyRateLimiter limiter, ProblemWriter problems) {
		this.limiter = limiter;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication caller = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (caller instanceof ApiKeyAuthentication key) {
			Optional<Duration> wait = this.limiter.acquire(key.getName());
			if (wait.isPresent()) {
				this.problems.write(new ProblemException(ProblemType.TOO_MANY_REQUESTS,
						"API key '" + key.getName() + "' has sent more requests than its budget allows.", Map.of(),
						roundUp(wait.get()), null), request, response);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private static Duration roundUp(Duration wait) {
		return Duration.ofSeconds(Math.max(1, (wait.toMillis() + 999) / 1000));
	}

}
