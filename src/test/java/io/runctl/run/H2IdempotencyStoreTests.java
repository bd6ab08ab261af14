package io.runctl.run;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * {@link IdempotencyStoreContract} on H2, the default database.
 */
class H2IdempotencyStoreTests extends IdempotencyStoreContract {

	@Override
	DataSource emptyDatabase() {
		return new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:idempotency-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
	}

}
