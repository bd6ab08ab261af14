package io.runctl.web;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.yaml.JacksonYamlHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API's conventions that Spring MVC does not have by default: JSON only (the YAML
 * library on the class path, there for the lock file, would otherwise let a client ask
 * for {@code application/yaml} and get camelCase names), and each query parameter given
 * once ({@link SingleQueryValues}).
 */
@Configuration(proxyBeanMethods = false)
class ApiWebConfiguration implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new SingleQueryValues()).addPathPatterns("/runs", "/runs/**", "/audit", "/audit/**");
	}

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.removeIf(JacksonYamlHttpMessageConverter.class::isInstance);
	}

}
