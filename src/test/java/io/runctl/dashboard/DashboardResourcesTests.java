package io.runctl.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's files are served as they are (no build step) and keep the rules that
 * make them safe to serve: nothing from another origin, data only through textContent.
 * Its behaviour in a real browser is tested by {@link DashboardBrowserTests}.
 */
@SpringBootTest(properties = { "runctl.upstream.base-url=http://127.0.0.1:9", "runctl.upstream.pat=unused",
		"runctl.lock-file=target/no-lock-file.yaml" })
@AutoConfigureMockMvc
class DashboardResourcesTests {

	static final Path STATIC = Path.of("src/main/resources/static");

	@Autowired
	MockMvcTester mvc;

	@Test
	void rootShouldServeTheDashboardPage() {
		assertThat(this.mvc.get().uri("/")).hasStatusOk().hasForwardedUrl("index.html");
		assertThat(this.mvc.get().uri("/index.html")).hasStatusOk()
			.hasContentTypeCompatibleWith(MediaType.TEXT_HTML)
			.bodyText()
			.contains("<script type=\"module\" src=\"js/app.js\">")
			.contains("href=\"/swagger-ui.html\"");
	}

	@Test
	void scriptsAndStylesShouldBeServedWithTheirTypes() {
		for (String script : List.of("app.js", "api.js", "sse.js", "ui.js", "runs.js", "run.js")) {
			assertThat(this.mvc.get().uri("/js/" + script)).hasStatusOk()
				.contentType()
				.satisfies((type) -> assertThat(type.getSubtype()).isEqualTo("javascript"));
		}
		assertThat(this.mvc.get().uri("/css/dashboard.css")).hasStatusOk().hasContentTypeCompatibleWith("text/css");
	}

	@Test
	void filesShouldLoadNothingFromAnotherOrigin() throws IOException {
		Pattern remote = Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//|@import|url\\(\\s*['\"]?(https?:)?//|"
				+ "import\\s*\\(?\\s*['\"](https?:)?//|from\\s+['\"](https?:)?//");
		for (Path file : staticFiles()) {
			assertThat(remote.matcher(read(file)).find()).as("%s refers to another origin", file).isFalse();
		}
	}

	@Test
	void scriptsShouldNeverParseDataAsHtml() throws IOException {
		Pattern html = Pattern
			.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function");
		for (Path file : staticFiles()) {
			if (file.toString().endsWith(".js")) {
				assertThat(html.matcher(read(file)).find()).as("%s builds HTML from strings", file).isFalse();
			}
		}
	}

	@Test
	void scriptsShouldReadTheStreamWithFetchNotEventSource() throws IOException {
		String sse = read(STATIC.resolve("js/sse.js"));
		assertThat(sse).contains("fetch(").contains("'Last-Event-ID'").doesNotContain("new EventSource");
	}

	private static List<Path> staticFiles() throws IOException {
		try (Stream<Path> files = Files.walk(STATIC)) {
			List<Path> found = files.filter(Files::isRegularFile).toList();
			assertThat(found).isNotEmpty();
			return found;
		}
	}

	private static String read(Path file) throws IOException {
		return Files.readString(file, StandardCharsets.UTF_8);
	}

}
