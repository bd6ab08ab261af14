import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * What Spring WebFlux would cost on runctl's control path, for {@code bench/floor.sh}: Reactor
 * Netty's server, WebFlux's one dispatch, Spring Security (a bearer key looked up by its SHA-256,
 * a role check, the default security headers), an observation of every server request and every
 * upstream call into a Prometheus registry, the upstream run decoded into records, mapped, and
 * written as JSON with an ETag: the same work as runctl's {@code GET /runs/{id}}, with none of
 * the servlet layer. Without Spring Boot (its WebFlux modules are not in runctl's jar), so no
 * start-up time is claimed from it.
 *
 * <pre>java -cp &lt;runctl's lib&gt;:. WebFluxProxy PORT UPSTREAM_BASE TOKEN API_KEY</pre>
 */
public final class WebFluxProxy {

	static String upstreamBase;

	static String token;

	static String keyHash;

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		upstreamBase = args[1];
		token = args[2];
		keyHash = sha256(args[3]);
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.register(Setup.class);
		if (Boolean.parseBoolean(System.getProperty("floor.security", "true"))) {
			context.register(SecuritySetup.class);
		}
		context.refresh();
		ObservationRegistry observations = context.getBean(ObservationRegistry.class);
		ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(
				WebHttpHandlerBuilder.applicationContext(context).observationRegistry(observations).build());
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(port).handle(adapter).bindNow();
		System.out.println("READY " + server.port());
		server.onDispose().block();
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration
	@EnableWebFlux
	static class Setup {

		@Bean
		PrometheusMeterRegistry meters() {
			return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		}

		@Bean
		ObservationRegistry observationRegistry(PrometheusMeterRegistry meters) {
			if (!Boolean.parseBoolean(System.getProperty("floor.observations", "true"))) {
				return ObservationRegistry.NOOP;
			}
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			return registry;
		}

		@Bean
		WebClient upstream(ObservationRegistry observations) {
			JsonMapper snakeCase = JsonMapper.builder()
				.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
				.build();
			HttpClient client = HttpClient.create(ConnectionProvider.builder("upstream").maxConnections(64).build())
				.responseTimeout(Duration.ofSeconds(10));
			return WebClient.builder()
				.baseUrl(upstreamBase)
				.clientConnector(new ReactorClientHttpConnector(client))
				.defaultHeader(HttpHeaders.AUTHORIZATION, "Key " + token)
				.codecs((codecs) -> codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(snakeCase)))
				.observationRegistry(observations)
				.build();
		}

		@Bean
		Runs runs(WebClient upstream, PrometheusMeterRegistry meters) {
			return new Runs(upstream, meters);
		}

	}

	@Configuration
	@EnableWebFluxSecurity
	static class SecuritySetup {

		@Bean
		SecurityWebFilterChain security(ServerHttpSecurity http) {
			Map<String, String> roles = Map.of(keyHash, "ROLE_OPERATOR");
			ReactiveAuthenticationManager accept = Mono::just;
			AuthenticationWebFilter bearer = new AuthenticationWebFilter(accept);
			bearer.setServerAuthenticationConverter((exchange) -> {
				String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
				if (header == null || !header.startsWith("Bearer ")) {
					return Mono.empty();
				}
				String role = roles.get(sha256(header.substring(7)));
				return (role == null) ? Mono.empty() : Mono.just(UsernamePasswordAuthenticationToken
					.authenticated("bench", null, AuthorityUtils.createAuthorityList(role)));
			});
			bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
			return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
				.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
				.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
				.logout(ServerHttpSecurity.LogoutSpec::disable)
				.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
				.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
				.addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
				.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.GET, "/runs/**")
					.hasAnyRole("VIEWER", "OPERATOR")
					.pathMatchers(HttpMethod.GET, "/metrics")
					.permitAll()
					.anyExchange()
					.denyAll())
				.build();
		}

	}

	@RestController
	static class Runs {

		private final WebClient upstream;

		private final PrometheusMeterRegistry meters;

		Runs(WebClient upstream, PrometheusMeterRegistry meters) {
			this.upstream = upstream;
			this.meters = meters;
		}

		/** The observations, to check they are recorded. */
		@GetMapping(path = "/metrics", produces = "text/plain")
		String metrics() {
			return this.meters.scrape();
		}

		@GetMapping("/runs/{id}")
		Mono<ResponseEntity<RunView>> run(@PathVariable("id") String id, @RequestParam("user_id") String userId,
				@RequestParam("app_id") String appId, @RequestParam("pipeline_id") String pipelineId,
				@RequestParam("pipeline_version_id") String versionId) {
			return this.upstream.get()
				.uri("/v2/users/{user}/apps/{app}/pipelines/{pipeline}/versions/{version}/runs/{id}", userId, appId,
						pipelineId, versionId, id)
				.retrieve()
				.bodyToMono(RunResponse.class)
				.timeout(Duration.ofSeconds(10))
				.map((response) -> RunView.of(userId, appId, pipelineId, versionId, response.pipelineVersionRun()))
				.map((view) -> ResponseEntity.ok().eTag(view.etag()).body(view));
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Status(Object code, String description) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record RunResponse(Status status, PipelineVersionRun pipelineVersionRun) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record PipelineVersionRun(String id, OrchestrationStatus orchestrationStatus, String createdAt,
			String modifiedAt, String startedAt, String endedAt, String totalRunDuration) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record OrchestrationStatus(Status status) {
	}

	record RunView(String id, String userId, String appId, String pipelineId, String pipelineVersionId, String state,
			boolean terminal, List<String> allowedActions, int upstreamCode, Instant createdAt, Instant modifiedAt,
			Instant startedAt, Instant endedAt) {

		static RunView of(String userId, String appId, String pipelineId, String versionId, PipelineVersionRun run) {
			Object raw = run.orchestrationStatus().status().code();
			int code = (raw instanceof Number number) ? number.intValue() : Integer.parseInt(String.valueOf(raw));
			String state = (code == 64001) ? "RUNNING" : (code == 64008) ? "PAUSED" : "OTHER";
			return new RunView(run.id(), userId, appId, pipelineId, versionId, state, false,
					List.of("pause", "cancel"), code, instant(run.createdAt()), instant(run.modifiedAt()),
					instant(run.startedAt()), instant(run.endedAt()));
		}

		static Instant instant(String text) {
			return (text == null || text.isEmpty()) ? null : Instant.parse(text);
		}

		String etag() {
			return "\"" + sha256(this.state + "|" + this.upstreamCode + "|" + this.modifiedAt).substring(0, 20) + "\"";
		}

	}

}
