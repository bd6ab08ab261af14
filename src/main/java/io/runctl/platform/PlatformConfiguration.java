package io.runctl.platform;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The one {@link WebClient} that talks to the upstream, with its own connection pool and
 * connect deadline.
 */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

	private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

	@Bean
	WebClient platformWebClient(WebClient.Builder builder, PlatformProperties properties) {
		ConnectionProvider pool = ConnectionProvider.builder("upstream")
			.maxConnections(200)
			.pendingAcquireTimeout(properties.timeout())
			.maxIdleTime(Duration.ofSeconds(20))
			.evictInBackground(Duration.ofSeconds(30))
			.metrics(true)
			.build();
		HttpClient http = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.timeout());
		return builder.clientConnector(new ReactorClientHttpConnector(http))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES))
			.build();
	}

}
