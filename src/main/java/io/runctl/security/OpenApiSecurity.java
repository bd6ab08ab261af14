package io.runctl.security;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * Declares the bearer API key in the OpenAPI description and applies it, with the role it
 * needs, to every protected operation, so that Swagger UI's Authorize button works.
 */
@Component
class OpenApiSecurity implements OpenApiCustomizer {

	static final String SCHEME = "api-key";

	private static final List<String> PUBLIC_PREFIXES = List.of("/problems", "/sandbox", "/error",
			"/actuator/health/liveness", "/actuator/health/readiness");

	@Override
	public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents()
			.addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.description("An API key: 'Authorization: Bearer <api-key>'. Roles: viewer (read, monitor, history), "
						+ "operator (also pause, resume, cancel), admin (also the audit trail and the actuator). "
						+ "401 without or with an unknown key, 403 when the role or the key's pipelines do not allow "
						+ "the operation, 429 when the key exceeds its rate limit."));
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> {
			if (!isPublic(path)) {
				item.readOperationsMap().forEach((method, operation) -> protect(path, method, operation));
			}
		});
	}

	private static void protect(String path, PathItem.HttpMethod method, Operation operation) {
		operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
		String role = role(path, method);
		String note = "Needs an API key with the role " + role + " or higher.";
		operation.setDescription((operation.getDescription() != null) ? operation.getDescription() + " " + note : note);
		operation.addExtension("x-required-role", role);
	}

	private static String role(String path, PathItem.HttpMethod method) {
		if (path.startsWith("/audit") || path.startsWith("/actuator")) {
			return Role.ADMIN.label();
		}
		return (method == PathItem.HttpMethod.GET) ? Role.VIEWER.label() : Role.OPERATOR.label();
	}

	private static boolean isPublic(String path) {
		return PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
	}

}
