package io.runctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * The whole service against a WireMock upstream, with the test API keys of
 * {@link ApiKeys} and a lock file naming the pipeline of {@link Upstream}. Test classes
 * that extend it share one application context.
 */
@SpringBootTest
@AutoConfigureMockMvc
public abstract class SecuredStack {

	/**
	 * One port for every subclass: the extension stops WireMock after each class and
	 * starts it again for the next, and the shared application context keeps the address.
	 */
	private static final int UPSTREAM_PORT = freePort();

	@RegisterExtension
	protected static final WireMockExtension upstream = WireMockExtension.newInstance()
		.options(wireMockConfig().port(UPSTREAM_PORT))
		.build();

	/** A lock file with the coordinates of {@link Upstream}'s pipeline. */
	protected static final Path LOCK_FILE = Path.of("target", "secured-stack", "config-lock.yaml");

	@Autowired
	protected MockMvcTester mvc;

	@DynamicPropertySource
	static void securedStackProperties(DynamicPropertyRegistry registry) {
		writeLockFile();
		registry.add("runctl.upstream.base-url", upstream::baseUrl);
		registry.add("runctl.upstream.pat", () -> Upstream.PAT);
		registry.add("runctl.lock-file", LOCK_FILE::toString);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeLockFile() {
		try {
			Files.createDirectories(LOCK_FILE.getParent());
			Files.writeString(LOCK_FILE, "pipeline:\n  id: " + Upstream.PIPELINE + "\n  user_id: " + Upstream.USER
					+ "\n  app_id: " + Upstream.APP + "\n  version_id: " + Upstream.VERSION + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
