package io.runctl.run;

import java.io.IOException;
import java.util.UUID;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link IdempotencyStoreContract} on a real PostgreSQL (zonky embedded PostgreSQL,
 * started by the test), a database of its own per test.
 */
class PostgresIdempotencyStoreTests extends IdempotencyStoreContract {

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@Override
	DataSource emptyDatabase() {
		String name = "idempotency_" + UUID.randomUUID().toString().replace("-", "");
		JdbcClient.create(postgres.getPostgresDatabase()).sql("CREATE DATABASE " + name).update();
		return postgres.getDatabase("postgres", name);
	}

}
