package io.runctl.run;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

	@Bean
	@ConditionalOnMissingBean(IdempotencyStore.class)
	IdempotencyStore inMemoryIdempotencyStore(IdempotencyProperties properties) {
		return new InMemoryIdempotencyStore(properties.retention(), properties.maxEntries(), Clock.systemUTC());
	}

}
