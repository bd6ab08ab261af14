package io.runctl.web;

import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link ProblemErrorHandler} in place of Jetty's own error page for what Jetty
 * rejects before the application sees it.
 */
@Configuration(proxyBeanMethods = false)
class ProblemErrorHandlerConfiguration {

	@Bean
	WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> problemErrorHandlerCustomizer() {
		return (factory) -> factory.addServerCustomizers((server) -> server.setErrorHandler(new ProblemErrorHandler()));
	}

}
