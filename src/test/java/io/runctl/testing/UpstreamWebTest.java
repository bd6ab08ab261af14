package io.runctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Base of the full-stack web tests: one application context and one WireMock upstream
 * shared by every subclass (so the context is built once), the upstream reset and the
 * lock file removed around every test.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(UpstreamWebTest.AuthenticatedRequests.class)
public abstract class UpstreamWebTest {

	/** The lock file the application reads; absent unless a test writes it. */
	protected static final Path LOCK_FILE = Path.of("target", "test-lock", "config-lock.yaml").toAbsolutePath();

	protected static final WireMockServer upstream = Shared.SERVER;

	@Autowired
	protected MockMvcTester mvc;

	@DynamicPropertySource
	static void upstreamProperties(DynamicPropertyRegistry registry) {
		registry.add("runctl.upstream.base-url", upstream::baseUrl);
		registry.add("runctl.upstream.pat", () -> Upstream.PAT);
		registry.add("runctl.lock-file", LOCK_FILE::toString);
	}

	@BeforeEach
	void resetUpstream() throws IOException {
		upstream.resetAll();
		Files.deleteIfExists(LOCK_FILE);
	}

	@AfterEach
	void removeLockFile() throws IOException {
		Files.deleteIfExists(LOCK_FILE);
	}

	/** The path of a control action on the example run, with explicit coordinates. */
	protected static String control(String action) {
		return "/runs/" + Upstream.RUN + "/" + action + "?" + Upstream.COORDINATES;
	}

	protected static String run() {
		return "/runs/" + Upstream.RUN + "?" + Upstream.COORDINATES;
	}

	/**
	 * Every request carries the admin key unless it sets its own Authorization header:
	 * these tests are about the API's behaviour, the access rules have their own.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class AuthenticatedRequests {

		@Bean
		MockMvcBuilderCustomizer adminKeyByDefault() {
			return (builder) -> builder.defaultRequest(get("/").header(ApiKeys.HEADER, ApiKeys.ADMIN_AUTH));
		}

	}

	private static final class Shared {

		static final WireMockServer SERVER = start();

		private static WireMockServer start() {
			WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
			try {
				Files.createDirectories(LOCK_FILE.getParent());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return server;
		}

	}

}
