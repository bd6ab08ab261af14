package io.runctl.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.runctl.run.JournalUnavailableException;
import io.runctl.web.ProblemException;
import io.runctl.web.ProblemType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may call what: API keys as bearer tokens, roles per endpoint, stateless, problems
 * for 401 and 403, a rate limit per key, CORS only when origins are configured, and the
 * standard security headers.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Paths anyone may read: the dashboard, the API docs, problem pages, probes. */
	static final String[] PUBLIC = { "/", "/index.html", "/css/**", "/js/**", "/images/**", "/img/**", "/favicon.*",
			"/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**", "/problems/**",
			"/actuator/health/liveness", "/actuator/health/readiness", "/sandbox/**", "/error" };

	/**
	 * Scripts and styles from this origin only (Swagger UI needs inline styles and data:
	 * images), no framing, no plugins.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
			+ "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	/**
	 * No observation of Spring Security's filters, authentications and authorizations:
	 * wrapping every filter of the chain in an observation was the largest cost of the
	 * chain under load (BENCHMARKS.md, "Profile-driven changes");
	 * {@code http.server.requests} still times every request.
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * The firewall's checks of the URL stay; a method it does not list (TRACE, a made-up
	 * one) goes on to the authorization rules and then to Spring MVC, which answers
	 * {@code 405 method-not-allowed} with the resource's {@code Allow} header instead of
	 * the firewall's bare refusal. Every handler names its methods, and TRACE is never
	 * echoed back (see {@code ApiWebConfiguration.dispatcherServlet}).
	 */
	@Bean
	HttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setUnsafeAllowAnyHttpMethod(true);
		return firewall;
	}

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyAuthenticationProvider keys, ProblemWriter problems,
			ControlRefusals refusals, ApiSecurityProperties properties) throws Exception {
		KeyRateLimiter limiter = new KeyRateLimiter(properties.rateLimit().requestsPerSecond(),
				properties.rateLimit().burst(), System::nanoTime);
		http.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers(PUBLIC)
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/runs/*/pause", "/runs/*/resume", "/runs/*/cancel")
			.hasRole(Role.OPERATOR.name())
			.requestMatchers(HttpMethod.GET, "/runs", "/runs/**")
			.hasRole(Role.VIEWER.name())
			.requestMatchers("/audit", "/audit/**", "/actuator", "/actuator/**")
			.hasRole(Role.ADMIN.name())
			.anyRequest()
			.authenticated())
			.authenticationProvider(keys)
			.addFilterAfter(new BearerKeyFilter(keys, problems), SecurityContextHolderFilter.class)
			.addFilterBefore(new RateLimitFilter(limiter, problems), ExceptionTranslationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint(problems))
				.accessDeniedHandler(deniedHandler(problems, refusals)))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		List<String> origins = properties.cors().allowedOrigins();
		if (origins.isEmpty()) {
			http.cors((cors) -> cors.disable());
		}
		else {
			http.cors((cors) -> cors.configurationSource(cors(origins)));
		}
		return http.build();
	}

	private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
		CorsConfiguration config = new CorsConfiguration();
		config.setAllowedOrigins(origins);
		config.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
		config.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "Idempotency-Key", "X-Request-Id",
				"Last-Event-ID"));
		config.setExposedHeaders(
				List.of("ETag", "X-Request-Id", "Retry-After", "Idempotent-Replayed", "WWW-Authenticate", "Location"));
		config.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", config);
		return source;
	}

	private static AuthenticationEntryPoint entryPoint(ProblemWriter problems) {
		return (request, response, failure) -> problems
			.write(BearerKeyFilter.unauthorized("This operation needs an API key."), request, response);
	}

	private static AccessDeniedHandler deniedHandler(ProblemWriter problems, ControlRefusals refusals) {
		return (HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) -> {
			Authentication caller = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
			String name = (caller != null) ? caller.getName() : null;
			String role = (caller instanceof ApiKeyAuthentication key && key.key() != null) ? key.key().role().label()
					: "none";
			String detail = "API key '" + name + "' has the role " + role + ", which does not allow "
					+ request.getMethod() + " " + request.getRequestURI() + ".";
			ProblemException problem = new ProblemException(ProblemType.FORBIDDEN, detail, Map.of());
			try {
				refusals.forbidden(request, name, null, detail);
			}
			catch (JournalUnavailableException ex) {
				problem = ex;
			}
			problems.write(problem, request, response);
		};
	}

}
