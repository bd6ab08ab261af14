package io.runctl.resilience;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.runctl.RunctlApplication;
import io.runctl.pipeline.Ids;
import io.runctl.testing.ApiKeys;
import io.runctl.testing.RawHttp;
import io.runctl.testing.RawHttp.Answer;
import io.runctl.testing.Upstream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of every kind, property-based: ids, query parameters, headers, bodies and
 * path tricks are answered with a 4xx problem, never a 5xx, never HTML, and never reach
 * the upstream unvalidated. Real HTTP over a socket, so Jetty's own URL checks take part.
 */
class BadInputTests {

	/** Every upstream URL this service may send: validated ids and numbers only. */
	private static final Pattern VALIDATED_UPSTREAM_URL = Pattern.compile("/v2/users/[A-Za-z0-9_-]+/apps/[A-Za-z0-9_-]+"
			+ "/pipelines/[A-Za-z0-9_-]+/versions/[A-Za-z0-9_-]+/runs(/[A-Za-z0-9_-]+"
			+ "(/status_logs|/pipeline\\.version\\.run/logs)?)?(\\?[A-Za-z0-9_=&]*)?");

	private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private static final String RUN_PATH = "/runs/" + Upstream.RUN;

	static WireMockServer upstream;

	static ConfigurableApplicationContext app;

	static int port;

	@BeforeContainer
	static void start() {
		upstream = new WireMockServer(wireMockConfig().dynamicPort());
		upstream.start();
		app = new SpringApplicationBuilder(RunctlApplication.class).run("--server.port=0",
				"--runctl.upstream.base-url=" + upstream.baseUrl(), "--runctl.upstream.pat=" + Upstream.PAT,
				"--runctl.lock-file=target/no-lock-file.yaml", "--runctl.upstream.retry.max-retries=0",
				"--spring.main.banner-mode=off");
		port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
	}

	@AfterContainer
	static void stop() {
		app.close();
		upstream.stop();
	}

	@BeforeTry
	void healthyUpstream() {
		upstream.resetAll();
		upstream.stubFor(Upstream.getRun(Upstream.RUN)
			.willReturn(Upstream.json(200, Upstream.getRunBody(Upstream.RUN, 64001, "Running"))));
		upstream.stubFor(WireMock.get(WireMock.urlPathEqualTo(Upstream.runsPath()))
			.willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64001, "Running"))));
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));
	}

	@Example
	void aGoodRequestShouldStillWork() throws IOException {
		Answer answer = RawHttp.send(port, "GET", RUN_PATH + "?" + Upstream.COORDINATES, "X-Request-Id: abc-123",
				new byte[0]);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("x-request-id")).isEqualTo("abc-123");
		assertUpstreamSawOnlyValidatedData();
		assertThat(upstream.getAllServeEvents()).hasSize(1);
	}

	@Property(tries = 150)
	void runIdsThatAreNotIdsShouldBeRefusedBeforeTheUpstream(@ForAll("notIds") String id,
			@ForAll("anyEndpoint") String suffix) throws IOException {
		String method = suffix.isEmpty() || suffix.equals("/history") ? "GET" : "POST";
		Answer answer = RawHttp.send(port, method, "/runs/" + encode(id) + suffix + "?" + Upstream.COORDINATES, "",
				new byte[0]);

		assertClientProblem(answer);
		assertThat(upstream.getAllServeEvents()).as("upstream calls").isEmpty();
	}

	@Property(tries = 150)
	void coordinatesThatAreNotIdsShouldBeRefusedBeforeTheUpstream(@ForAll("notIds") String value,
			@ForAll("coordinate") String name) throws IOException {
		String query = Upstream.COORDINATES.replaceAll(name + "=[^&]*", name + "=" + encode(value));
		Answer answer = RawHttp.send(port, "GET", RUN_PATH + "?" + query, "", new byte[0]);

		assertClientProblem(answer);
		assertThat(upstream.getAllServeEvents()).as("upstream calls").isEmpty();
	}

	@Property(tries = 150)
	void listParametersShouldBeValidatedBeforeTheUpstream(@ForAll("listParameter") String name,
			@ForAll("junk") String value) throws IOException {
		Answer answer = RawHttp.send(port, "GET", "/runs?" + Upstream.COORDINATES + "&" + name + "=" + encode(value),
				"", new byte[0]);

		assertNoServerErrorNorHtml(answer);
		if (answer.status() >= 400) {
			assertClientProblem(answer);
			assertThat(upstream.getAllServeEvents()).as("upstream calls").isEmpty();
		}
		assertUpstreamSawOnlyValidatedData();
	}

	@Property(tries = 150)
	void idempotencyKeysShouldBeValidatedBeforeTheUpstream(@ForAll("headerValue") String key) throws IOException {
		Answer answer = RawHttp.send(port, "POST", RUN_PATH + "/pause?dry_run=true&" + Upstream.COORDINATES,
				"Idempotency-Key: " + key, new byte[0]);

		assertNoServerErrorNorHtml(answer);
		boolean valid = key.strip().matches("[\\x21-\\x7E]{1,128}");
		if (!valid) {
			assertClientProblem(answer);
			assertThat(upstream.getAllServeEvents()).as("upstream calls").isEmpty();
		}
		assertUpstreamSawOnlyValidatedData();
	}

	@Property(tries = 150)
	void ifMatchThatDoesNotMatchShouldNeverChangeTheRun(@ForAll("headerValue") String etag) throws IOException {
		Answer answer = RawHttp.send(port, "POST", RUN_PATH + "/pause?" + Upstream.COORDINATES, "If-Match: " + etag,
				new byte[0]);

		assertNoServerErrorNorHtml(answer);
		if (!etag.contains("*")) {
			assertClientProblem(answer);
			assertThat(upstream.getAllServeEvents())
				.noneMatch((event) -> event.getRequest().getMethod().getName().equals("PATCH"));
		}
		assertUpstreamSawOnlyValidatedData();
	}

	@Property(tries = 150)
	void requestIdsShouldBeEchoedOnlyWhenSane(@ForAll("headerValue") String requestId,
			@ForAll("headerValue") String lastEventId) throws IOException {
		Answer answer = RawHttp.send(port, "GET", RUN_PATH + "?" + Upstream.COORDINATES,
				"X-Request-Id: " + requestId + "\r\nLast-Event-ID: " + lastEventId, new byte[0]);

		assertNoServerErrorNorHtml(answer);
		String echoed = answer.header("x-request-id");
		assertThat(echoed).matches(SANE_REQUEST_ID);
		if (answer.status() == 200 && SANE_REQUEST_ID.matcher(requestId.strip()).matches()) {
			assertThat(echoed).isEqualTo(requestId.strip());
		}
		assertUpstreamSawOnlyValidatedData();
	}

	@Property(tries = 200)
	void controlBodiesShouldNeverFailTheServiceNorReachTheUpstreamWhenBad(@ForAll("body") byte[] body,
			@ForAll("action") String action) throws IOException {
		Answer answer = RawHttp.send(port, "POST", RUN_PATH + "/" + action + "?" + Upstream.COORDINATES, "", body);

		assertNoServerErrorNorHtml(answer);
		if (answer.status() >= 400) {
			assertClientProblem(answer);
			assertThat(upstream.getAllServeEvents())
				.noneMatch((event) -> event.getRequest().getMethod().getName().equals("PATCH"));
		}
		assertUpstreamSawOnlyValidatedData();
	}

	@Property(tries = 100)
	void pathTricksShouldBeRefusedWithoutHtmlNorUpstreamCall(@ForAll("pathTrick") String trick,
			@ForAll("anyEndpoint") String suffix) throws IOException {
		Answer answer = RawHttp.send(port, "GET", "/runs/" + trick + suffix + "?" + Upstream.COORDINATES, "",
				new byte[0]);

		assertNoServerErrorNorHtml(answer);
		assertThat(answer.status()).as("status of %s", trick).isBetween(400, 499);
		assertThat(upstream.getAllServeEvents()).as("upstream calls").isEmpty();
	}

	@Example
	void rawCrLfInTheRequestLineShouldBeRefused() throws IOException {
		Answer answer = RawHttp.send(port,
				("GET /runs/abc\r\nX-Injected: yes HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close")
					.getBytes(StandardCharsets.ISO_8859_1),
				new byte[0]);

		// Jetty reads "GET /runs/abc" as a request line without an HTTP version and
		// refuses it (505): the injected line is never a header.
		assertThat(answer.status()).isEqualTo(505);
		assertThat(answer.body()).contains("\"status\":505").contains("/problems/http-version-not-supported");
		assertThat(answer.body()).doesNotContain("X-Injected");
		assertThat(answer.isHtml()).isFalse();
		assertThat(upstream.getAllServeEvents()).isEmpty();
	}

	@Example
	void bareCrOrLfInsideTheRequestShouldBeRefused() throws IOException {
		for (String head : List.of("GET /runs/ab\rc HTTP/1.1\r\nHost: localhost\r\nConnection: close",
				"GET /runs/abc HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: a\rSet-Cookie: x=y\r\nConnection: close",
				"GET /runs/abc HTTP/1.1\nHost: localhost\nX-Injected: a\n\rb\r\nConnection: close")) {
			Answer answer = RawHttp.send(port, head.getBytes(StandardCharsets.ISO_8859_1), new byte[0]);

			assertThat(answer.status()).as(head + " -> " + answer.body()).isBetween(400, 499);
			assertThat(answer.isHtml()).isFalse();
			assertThat(answer.header("set-cookie")).isNull();
		}
		assertThat(upstream.getAllServeEvents()).isEmpty();
	}

	@Example
	void aMethodNoEndpointTakesShouldAnswerMethodNotAllowedWithoutEchoingTheRequest() throws IOException {
		for (String method : List.of("TRACE", "FOO", "PUT", "DELETE")) {
			for (String path : List.of(RUN_PATH, RUN_PATH + "/pause", "/runs", "/problems/forbidden")) {
				Answer answer = RawHttp.send(port, method, path, "X-Request-Id: m-1\r\nX-Secret: hunter2", new byte[0]);

				assertThat(answer.status()).as(method + " " + path + " -> " + answer.body()).isEqualTo(405);
				assertThat(answer.body()).contains("/problems/method-not-allowed").contains("\"request_id\":\"m-1\"");
				assertThat(answer.header("allow")).as(method + " " + path).isNotBlank().doesNotContain(method);
				assertThat(answer.body()).doesNotContain(ApiKeys.OPERATOR_AUTH).doesNotContain("hunter2").endsWith("}");
			}
		}
		assertThat(upstream.getAllServeEvents()).isEmpty();
	}

	@Example
	void aBodyOverTheLimitShouldBeRefusedWith413() throws IOException {
		byte[] body = ("{\"reason\":\"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);
		Answer answer = RawHttp.send(port, "POST", RUN_PATH + "/pause?" + Upstream.COORDINATES, "", body);

		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.body()).contains("/problems/payload-too-large");
		assertThat(upstream.getAllServeEvents()).isEmpty();
	}

	@Example
	void aChunkedBodyOverTheLimitShouldBeRefusedWith413() throws IOException {
		String chunk = "{\"reason\":\"" + "y".repeat(20_000) + "\"}";
		String head = "POST " + RUN_PATH + "/pause?" + Upstream.COORDINATES + " HTTP/1.1\r\nHost: localhost\r\n"
				+ "Authorization: " + ApiKeys.OPERATOR_AUTH
				+ "\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked";
		byte[] body = (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		Answer answer = RawHttp.send(port, head.getBytes(StandardCharsets.ISO_8859_1), body);

		assertThat(answer.status()).as(answer.body()).isEqualTo(413);
		assertThat(answer.body()).contains("/problems/payload-too-large");
		assertThat(upstream.getAllServeEvents())
			.noneMatch((event) -> event.getRequest().getMethod().getName().equals("PATCH"));
	}

	@Example
	void aHeaderOverTheLimitShouldBeRefused() throws IOException {
		Answer answer = RawHttp.send(port, "GET", RUN_PATH + "?" + Upstream.COORDINATES, "X-Big: " + "z".repeat(40_000),
				new byte[0]);

		assertThat(answer.status()).isBetween(400, 499);
		assertThat(answer.isHtml()).isFalse();
		assertThat(upstream.getAllServeEvents()).isEmpty();
	}

	@Provide
	Arbitrary<String> notIds() {
		Arbitrary<String> random = Arbitraries.strings()
			.all()
			.ofMaxLength(140)
			.filter((id) -> !Ids.isValid(id) && !id.isEmpty());
		Arbitrary<String> edges = Arbitraries.of("-leading-dash", "_underscore", "a".repeat(129), "a b", "a/b", "a.b",
				"..", ".", "a\u0000b", "a\r\nb", "é", "a;b", "a%2Fb", "%00", "\u202Eevil", "a\tb");
		return Arbitraries.oneOf(random, edges);
	}

	@Provide
	Arbitrary<String> coordinate() {
		return Arbitraries.of("user_id", "app_id", "pipeline_id", "pipeline_version_id");
	}

	@Provide
	Arbitrary<String> anyEndpoint() {
		return Arbitraries.of("", "/history", "/pause", "/resume", "/cancel");
	}

	@Provide
	Arbitrary<String> action() {
		return Arbitraries.of("pause", "resume", "cancel");
	}

	@Provide
	Arbitrary<String> listParameter() {
		return Arbitraries.of("page", "per_page", "state");
	}

	@Provide
	Arbitrary<String> junk() {
		return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
				Arbitraries.integers().map(String::valueOf), Arbitraries.longs().map(String::valueOf),
				Arbitraries.of("RUNNING", "running,PAUSED", "UNKNOWN", "", " ", "1e3", "0x10", "-1", "NaN", "1.5"));
	}

	/**
	 * Header values as bytes on the wire: printable ASCII, Latin-1, tabs and the odd
	 * control character (never CR or LF, which would end the header).
	 */
	@Provide
	Arbitrary<String> headerValue() {
		Arbitrary<String> random = Arbitraries.strings()
			.withCharRange('\u0000', '\u00FF')
			.ofMinLength(1)
			.ofMaxLength(200)
			.filter((value) -> value.indexOf('\r') < 0 && value.indexOf('\n') < 0);
		Arbitrary<String> edges = Arbitraries.of("\"abc\"", "W/\"abc\"", " ", "*", "k".repeat(129), "k".repeat(128),
				"a b", "abc\u0000", "ünïcode", "\"x\", \"y\"", "0.10", "999999999999999999.9");
		return Arbitraries.oneOf(random, edges);
	}

	@Provide
	Arbitrary<byte[]> body() {
		Arbitrary<String> json = Arbitraries.oneOf(
				Arbitraries.of("{}", "{\"reason\":\"quota\"}", "{\"reason\":5}", "{\"reason\":[]}", "{\"reason\":{}}",
						"[]", "\"reason\"", "null", "true", "{\"reason\":null}",
						"{\"reason\":\"" + "r".repeat(501) + "\"}", "{\"reason\":\"ok\",\"extra\":1}", "{\"reason\":",
						"{'reason':'single'}", "{\"reason\":\"\\ud800\"}"),
				Arbitraries.strings().all().ofMaxLength(300).map((text) -> "{\"reason\":" + text + "}"),
				Arbitraries.strings().all().ofMaxLength(300),
				Arbitraries.integers().between(1, 5000).map(BadInputTests::nested));
		Arbitrary<byte[]> invalidUtf8 = Arbitraries.bytes()
			.array(byte[].class)
			.ofMinSize(1)
			.ofMaxSize(64)
			.map((bytes) -> concat("{\"reason\":\"".getBytes(StandardCharsets.UTF_8), bytes,
					new byte[] { (byte) 0xC3, (byte) 0x28, '"', '}' }));
		Arbitrary<byte[]> huge = Arbitraries.integers()
			.between(16 * 1024, 200 * 1024)
			.map((size) -> ("{\"reason\":\"" + "h".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8));
		return Arbitraries.oneOf(json.map((text) -> text.getBytes(StandardCharsets.UTF_8)), invalidUtf8, huge);
	}

	@Provide
	Arbitrary<String> pathTrick() {
		Arbitrary<String> tricks = Arbitraries.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/actuator/env", "abc%00def",
				"abc%0d%0aX-Injected:%20yes", "abc%0aSet-Cookie:%20x=y", "abc/..;/..;/actuator", "abc%5c..%5c..", "%2F",
				"abc%2Fdef", "..%252F", "abc%2", "abc%zz", "abc%C0%AE%C0%AE", "abc%ff", "abc%u002e", "abc;jsessionid=1",
				"..", "%2e%2e", ".%2e/..");
		return Arbitraries.oneOf(tricks,
				Arbitraries.strings()
					.withChars('%', '2', 'e', 'E', 'f', 'F', '0', '/', '.', ';', '\\', 'a')
					.ofMinLength(1)
					.ofMaxLength(20)
					.filter((trick) -> trick.contains("%") || trick.contains("..") || trick.contains(";")
							|| trick.contains("\\")));
	}

	private static String nested(int depth) {
		return "{\"reason\":".repeat(depth) + "\"deep\"" + "}".repeat(depth);
	}

	private static byte[] concat(byte[]... parts) {
		int length = 0;
		for (byte[] part : parts) {
			length += part.length;
		}
		byte[] all = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

	/** Percent-encodes every byte that is not unreserved (RFC 3986), dots included. */
	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8)
			.replace("+", "%20")
			.replace("*", "%2A")
			.replace(".", "%2E");
	}

	private static void assertNoServerErrorNorHtml(Answer answer) {
		assertThat(answer.status()).as("status, body %s", answer.body()).isBetween(200, 499);
		assertThat(answer.isHtml()).as("HTML answer: %s", answer.body()).isFalse();
	}

	private static void assertClientProblem(Answer answer) {
		assertThat(answer.status()).as("status, body %s", answer.body()).isBetween(400, 499);
		assertThat(answer.header("content-type")).as("content type").startsWith("application/problem+json");
		assertThat(answer.body()).contains("\"type\"").contains("\"request_id\"");
	}

	private static void assertUpstreamSawOnlyValidatedData() {
		List<ServeEvent> events = upstream.getAllServeEvents();
		assertThat(events)
			.allSatisfy((event) -> assertThat(event.getRequest().getUrl()).matches(VALIDATED_UPSTREAM_URL));
	}

}
