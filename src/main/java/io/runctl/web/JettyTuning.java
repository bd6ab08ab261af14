package io.runctl.web;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sizes Jetty's per-connection buffers from {@link ConnectionBufferProperties}, and puts
 * {@link ProblemErrorHandler} in place of Jetty's own error page for what Jetty rejects
 * before the application sees it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectionBufferProperties.class)
class JettyTuning {

	@Bean
	WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> jettyTuningCustomizer(
			ConnectionBufferProperties buffers) {
		int output = (int) buffers.output().toBytes();
		return (factory) -> factory.addServerCustomizers((server) -> {
			server.setErrorHandler(new ProblemErrorHandler());
			for (Connector connector : server.getConnectors()) {
				HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
				if (http != null) {
					http.getHttpConfiguration().setOutputBufferSize(output);
				}
			}
		});
	}

}
