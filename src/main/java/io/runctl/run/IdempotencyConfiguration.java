package io.runctl.run;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

	@Bean
	@ConditionalOnMissingBean(IdempotencyStore.class)
	IdempotencyStore jdbcIdempotencyStore(JdbcClient jdbc, IdempotencyProperties properties) {
		return new JdbcIdempotencyStore(jdbc, properties.retention(), properties.inFlightTimeout(), Clock.systemUTC());
	}

}
