package io.runctl.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.yaml.JacksonYamlHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API's conventions that Spring MVC does not have by default: JSON only (the YAML
 * library on the class path, there for the lock file, would otherwise let a client ask
 * for {@code application/yaml} and get camelCase names), each query parameter given once
 * ({@link SingleQueryValues}), and TRACE answered like any method the API does not take.
 */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration implements WebMvcConfigurer {

	private final List<QueryParameterSource> queryParameterSources;

	ApiWebConfiguration(List<QueryParameterSource> queryParameterSources) {
		this.queryParameterSources = queryParameterSources;
	}

	/**
	 * Spring Boot's dispatcher servlet, except that TRACE goes through Spring MVC like
	 * any other method (so it is answered {@code 405 method-not-allowed} with
	 * {@code Allow}) and the request is never echoed after that answer, as
	 * {@code HttpServlet.doTrace} would: its headers could carry secrets.
	 */
	@Bean(name = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
	DispatcherServlet dispatcherServlet(WebMvcProperties mvc) {
		DispatcherServlet servlet = new DispatcherServlet() {

			@Override
			protected void doTrace(HttpServletRequest request, HttpServletResponse response)
					throws ServletException, IOException {
				processRequest(request, response);
			}

		};
		servlet.setDispatchOptionsRequest(mvc.isDispatchOptionsRequest());
		servlet.setDispatchTraceRequest(true);
		servlet.setPublishEvents(mvc.isPublishRequestHandledEvents());
		servlet.setEnableLoggingRequestDetails(mvc.isLogRequestDetails());
		return servlet;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new SingleQueryValues(this.queryParameterSources))
			.addPathPatterns("/runs", "/runs/**", "/audit", "/audit/**");
	}

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.removeIf(JacksonYamlHttpMessageConverter.class::isInstance);
	}

}
