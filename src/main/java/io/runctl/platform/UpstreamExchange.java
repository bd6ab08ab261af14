package io.runctl.platform;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.runctl.platform.PlatformException.Failure;
import io.runctl.platform.UpstreamWire.Enveloped;
import io.runctl.platform.UpstreamWire.Status;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * One upstream call: the token, the deadline, the decoding of the envelope and the
 * mapping of every way it can fail to a {@link PlatformException}. Success is
 * {@code status.code == 10000}, whatever the HTTP status says.
 */
@Component
class UpstreamExchange {

	private static final byte[] EMPTY = new byte[0];

	private static final Duration THROTTLE_DEFAULT = Duration.ofSeconds(1);

	private final WebClient webClient;

	private final PlatformTarget target;

	private final PlatformProperties properties;

	private final MeterRegistry meters;

	private final UpstreamCircuit circuit;

	/**
	 * The timers by endpoint and outcome, registered once: building and registering a
	 * timer on every call showed in the profile (BENCHMARKS.md).
	 */
	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private final JsonMapper json = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private final UpstreamBudget budget;

	UpstreamExchange(WebClient platformWebClient, PlatformTarget target, PlatformProperties properties,
			MeterRegistry meters, UpstreamCircuit circuit, UpstreamBudget budget) {
		this.webClient = platformWebClient;
		this.circuit = circuit;
		this.budget = budget;
		this.target = target;
		this.properties = properties;
		this.meters = meters;
	}

	/**
	 * Calls the upstream and decodes its envelope.
	 * @param endpoint the name used in metrics and messages
	 * @param path the path below the base URL, already encoded
	 */
	<T extends Enveloped> Mono<T> call(String endpoint, HttpMethod method, String path, @Nullable Object body,
			Class<T> type) {
		return call(endpoint, method, path, body, type, CallPriority.CONTROL);
	}

	/**
	 * Calls the upstream once the rate budget allows it; the deadline starts when the
	 * call goes out.
	 */
	<T extends Enveloped> Mono<T> call(String endpoint, HttpMethod method, String path, @Nullable Object body,
			Class<T> type, CallPriority priority) {
		return this.budget.acquire(priority).then(Mono.defer(() -> {
			Timer.Sample sample = Timer.start(this.meters);
			URI uri = URI.create(this.target.baseUrl() + path);
			WebClient.RequestBodySpec request = this.webClient.method(method)
				.uri(uri)
				.header(HttpHeaders.AUTHORIZATION, this.target.authorization())
				.accept(MediaType.APPLICATION_JSON);
			if (body != null) {
				request.contentType(MediaType.APPLICATION_JSON).bodyValue(this.json.writeValueAsBytes(body));
			}
			return request
				.exchangeToMono((response) -> response.bodyToMono(byte[].class)
					.defaultIfEmpty(EMPTY)
					.map((bytes) -> decode(endpoint, response.statusCode(), response.headers().asHttpHeaders(), bytes,
							type)))
				.timeout(this.properties.timeout())
				.onErrorMap((failure) -> !(failure instanceof PlatformException),
						(failure) -> translate(endpoint, failure))
				.transform(this.circuit::protect)
				.doOnSuccess((ok) -> sample.stop(timer(endpoint, "success")))
				.doOnError(PlatformException.class,
						(failure) -> sample.stop(timer(endpoint, failure.failure().name().toLowerCase())));
		}));
	}

	private Timer timer(String endpoint, String outcome) {
		return this.timers.computeIfAbsent(endpoint + ' ' + outcome,
				(key) -> Timer.builder("runctl.upstream.requests")
					.description("Calls to the upstream platform")
					.tag("endpoint", endpoint)
					.tag("outcome", outcome)
					.register(this.meters));
	}

	private <T extends Enveloped> T decode(String endpoint, HttpStatusCode http, HttpHeaders headers, byte[] bytes,
			Class<T> type) {
		T envelope = parse(this.target.redact(bytes), type);
		Status status = (envelope != null) ? envelope.status() : null;
		if (status == null) {
			throw unreadable(endpoint, http, headers);
		}
		if (status.code() == StatusCodes.SUCCESS) {
			return envelope;
		}
		throw refusal(endpoint, status, headers);
	}

	private <T> @Nullable T parse(byte[] bytes, Class<T> type) {
		if (bytes.length == 0) {
			return null;
		}
		try {
			return this.json.readValue(bytes, type);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private PlatformException unreadable(String endpoint, HttpStatusCode http, HttpHeaders headers) {
		if (http.value() == 429) {
			return new PlatformException(Failure.THROTTLED, "The upstream rate-limited " + endpoint, null, null, null,
					null, retryAfter(headers), null);
		}
		if (http.is5xxServerError()) {
			return PlatformException.of(Failure.UNAVAILABLE,
					"The upstream answered " + endpoint + " with HTTP " + http.value() + " and no readable body.",
					null);
		}
		return PlatformException.of(Failure.REJECTED, "The upstream answered " + endpoint + " with HTTP " + http.value()
				+ " and a body that is not its JSON format.", null);
	}

	private PlatformException refusal(String endpoint, Status status, HttpHeaders headers) {
		int code = status.code();
		Failure failure = switch (code) {
			case StatusCodes.CONN_THROTTLED -> Failure.THROTTLED;
			case StatusCodes.CONN_DOES_NOT_EXIST, StatusCodes.PIPELINE_DOES_NOT_EXIST -> Failure.NOT_FOUND;
			case StatusCodes.CONN_INSUFFICIENT_SCOPES, StatusCodes.CONN_KEY_INVALID, StatusCodes.CONN_KEY_NOT_FOUND,
					StatusCodes.CONN_INVALID_REQUEST ->
				Failure.AUTH_FAILED;
			default -> Failure.REJECTED;
		};
		String description = this.target.redact(status.description());
		String details = this.target.redact(status.details());
		String message = "The upstream refused " + endpoint + ": " + ((description != null) ? description : "")
				+ ((details != null) ? " (" + details + ")" : "") + " [code " + code + "]";
		Duration retryAfter = (failure == Failure.THROTTLED) ? retryAfter(headers) : null;
		return new PlatformException(failure, message, code, description, details, status.reqId(), retryAfter, null);
	}

	private static Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value != null && value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() < 6) {
			return Duration.ofSeconds(Math.max(1, Long.parseLong(value)));
		}
		return THROTTLE_DEFAULT;
	}

	private PlatformException translate(String endpoint, Throwable failure) {
		if (failure instanceof TimeoutException) {
			return PlatformException.of(Failure.TIMEOUT, "The upstream did not answer " + endpoint + " within "
					+ this.properties.timeout().toMillis() + " ms.", failure);
		}
		Throwable cause = (failure instanceof WebClientRequestException request && request.getCause() != null)
				? request.getCause() : failure;
		if (cause instanceof io.netty.handler.timeout.ReadTimeoutException
				|| cause instanceof io.netty.channel.ConnectTimeoutException) {
			return PlatformException.of(Failure.TIMEOUT, "The upstream did not answer " + endpoint + " in time.",
					failure);
		}
		if (failure instanceof WebClientRequestException || cause instanceof IOException) {
			return PlatformException.of(Failure.UNAVAILABLE, "The upstream could not be reached for " + endpoint
					+ " (connection refused, reset or closed early).", failure);
		}
		return PlatformException.of(Failure.UNAVAILABLE, "The upstream call " + endpoint + " failed.", failure);
	}

}
