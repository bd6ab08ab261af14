package io.runctl.web;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sizes the embedded Tomcat's per-connection buffers from
 * {@link ConnectorBufferProperties}: with thousands of long-lived monitor streams they,
 * not the monitor, are most of the heap. The connector uses
 * {@link BufferSizedHttp11Protocol}, the standard NIO protocol whose servlet response
 * buffer can be sized.
 */
@Configuration(proxyBeanMethods = false)
class ConnectorTuning {

	@Bean
	WebServerFactoryCustomizer<TomcatWebServerFactory> connectorBufferCustomizer(ConnectorBufferProperties buffers) {
		return (factory) -> {
			factory.setProtocol(BufferSizedHttp11Protocol.class.getName());
			factory.addConnectorCustomizers((connector) -> tune(connector, buffers));
		};
	}

	static void tune(Connector connector, ConnectorBufferProperties buffers) {
		socket(connector, "appReadBufSize", buffers.read().toBytes());
		socket(connector, "appWriteBufSize", buffers.write().toBytes());
		if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
			http.setMaxTrailerSize((int) buffers.maxTrailerSize().toBytes());
		}
		if (connector.getProtocolHandler() instanceof BufferSizedHttp11Protocol sized) {
			sized.setResponseBufferSize((int) buffers.response().toBytes());
		}
	}

	private static void socket(Connector connector, String name, long bytes) {
		if (!connector.setProperty("socket." + name, String.valueOf(bytes))) {
			throw new IllegalStateException("Tomcat did not accept socket." + name);
		}
	}

}
