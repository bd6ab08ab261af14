package io.runctl.security;

import java.util.List;

import io.runctl.pipeline.PipelineCoordinates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeyRegistryTests {

	private static final String HASH_OF_SECRET = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";

	@Test
	void aConfiguredKeyShouldBeFoundByItsPlainTextOnly() {
		ApiKeyRegistry registry = registry(List.of("ci:operator:" + HASH_OF_SECRET.toUpperCase()), List.of());
		assertThat(registry.find("secret")).hasValueSatisfying((key) -> {
			assertThat(key.name()).isEqualTo("ci");
			assertThat(key.role()).isEqualTo(Role.OPERATOR);
		});
		assertThat(registry.find("Secret")).isEmpty();
		assertThat(registry.find(HASH_OF_SECRET)).isEmpty();
	}

	@Test
	void structuredKeysShouldBeLimitedToTheirPipelines() {
		ApiKeyRegistry registry = registry(List.of(), List.of(new ApiSecurityProperties.Key("team-a", "viewer",
				HASH_OF_SECRET, List.of("acme/app-a", "acme/app-b/pipe-1"))));
		ApiKey key = registry.find("secret").orElseThrow();
		assertThat(key.allows(new PipelineCoordinates("acme", "app-a", "any", "v1"))).isTrue();
		assertThat(key.allows(new PipelineCoordinates("acme", "app-b", "pipe-1", "v1"))).isTrue();
		assertThat(key.allows(new PipelineCoordinates("acme", "app-b", "pipe-2", "v1"))).isFalse();
		assertThat(key.allows(new PipelineCoordinates("other", "app-a", "any", "v1"))).isFalse();
	}

	@Test
	void rolesShouldIncludeTheLowerOnes() {
		assertThat(Role.ADMIN.authorities()).extracting(Object::toString)
			.containsExactly("ROLE_VIEWER", "ROLE_OPERATOR", "ROLE_ADMIN");
		assertThat(Role.VIEWER.authorities()).extracting(Object::toString).containsExactly("ROLE_VIEWER");
	}

	@Test
	void malformedEntriesShouldStopTheStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> registry(List.of("ci:operator"), List.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> registry(List.of("ci:root:" + HASH_OF_SECRET), List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> registry(List.of("ci:viewer:abc"), List.of()));
		assertThatIllegalArgumentException().isThrownBy(
				() -> registry(List.of("ci:viewer:" + HASH_OF_SECRET, "ci:admin:" + HASH_OF_SECRET), List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> registry(List.of(),
				List.of(new ApiSecurityProperties.Key("k", "viewer", HASH_OF_SECRET, List.of("only-a-user")))));
	}

	private static ApiKeyRegistry registry(List<String> entries, List<ApiSecurityProperties.Key> keys) {
		return new ApiKeyRegistry(new ApiSecurityProperties(entries, keys, new ApiSecurityProperties.RateLimit(10, 20),
				new ApiSecurityProperties.Cors(List.of())));
	}

}
