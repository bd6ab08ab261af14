package io.runctl.audit;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.runctl.testing.ApiKeys;
import io.runctl.testing.SecuredStack;
import io.runctl.testing.Upstream;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail on a real PostgreSQL, started by the test itself (zonky embedded
 * PostgreSQL): the Flyway migration, writes, completion and the paged query.
 */
class PostgresAuditTests extends SecuredStack {

	private static EmbeddedPostgres postgres;

	@DynamicPropertySource
	static void postgresProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> postgres().getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		if (postgres != null) {
			postgres.close();
			postgres = null;
		}
	}

	@Autowired
	JdbcClient jdbc;

	@Test
	void controlRequestsShouldBeRecordedInPostgres() {
		assertThat(this.jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL");
		upstream.resetAll();
		Upstream.runIs(upstream, 64001, "Running");
		upstream.stubFor(
				Upstream.patchRuns().willReturn(Upstream.json(200, Upstream.patchBody(Upstream.RUN, 64008, "Paused"))));
		String run = "/runs/" + Upstream.RUN;
		assertThat(this.mvc.post()
			.uri(run + "/pause?" + Upstream.COORDINATES)
			.header(ApiKeys.HEADER, ApiKeys.OPERATOR_AUTH)
			.header("X-Request-Id", "pg-1")
			.contentType("application/json")
			.content("{\"reason\":\"on postgres\"}")).hasStatusOk();
		assertThat(this.mvc.post().uri(run + "/cancel?dry_run=true").header(ApiKeys.HEADER, ApiKeys.VIEWER_AUTH))
			.hasStatus(403);
		upstream.verify(1, patchRequestedFor(urlPathEqualTo(Upstream.runsPath())));

		assertThat(this.mvc.get()
			.uri("/audit?limit=1&since=2020-01-01T00:00:00Z&run_id=" + Upstream.RUN)
			.header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH)).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"records\":[{\"actor\":\"test-viewer\",\"action\":\"cancel\",\"dry_run\":true,"
					+ "\"outcome\":\"forbidden\",\"status\":403}],\"limit\":1}");
		assertThat(this.mvc.get().uri("/audit?actor=test-operator").header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH))
			.hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"records\":[{\"action\":\"pause\",\"outcome\":\"changed\",\"previous_state\":"
					+ "\"RUNNING\",\"resulting_state\":\"PAUSED\",\"reason\":\"on postgres\",\"request_id\":\"pg-1\"}],"
					+ "\"next_before\":null}");
	}

	private static synchronized EmbeddedPostgres postgres() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return postgres;
	}

}
