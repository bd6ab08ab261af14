package io.runctl.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium through its chromedriver ({@code apt-get install chromium
 * chromium-driver}); other paths through {@code CHROME_BIN} and {@code CHROMEDRIVER}.
 * Both paths are given explicitly, so Selenium never looks for a driver online.
 */
final class Browser {

	/** Generous: the machines that run these tests are small and shared. */
	static final Duration WAIT = Duration.ofSeconds(45);

	private Browser() {
	}

	static ChromeDriver start() {
		File chromium = executable("CHROME_BIN", "/usr/bin/chromium");
		File chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--disable-extensions", "--no-first-run", "--lang=en-US", "--window-size=1280,1500");
		options.setPageLoadTimeout(Duration.ofSeconds(90));
		options.setScriptTimeout(Duration.ofSeconds(90));
		return new ChromeDriver(service, options);
	}

	static WebDriverWait waiting(ChromeDriver driver) {
		return new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
	}

	static void screenshot(ChromeDriver driver, Path target) throws IOException {
		Files.createDirectories(target.toAbsolutePath().getParent());
		Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
	}

	private static File executable(String variable, String fallback) {
		String configured = System.getenv(variable);
		File file = new File((configured != null && !configured.isBlank()) ? configured : fallback);
		assertThat(file.canExecute())
			.as("%s is needed for the browser tests (set %s, or apt-get install -y chromium chromium-driver)", file,
					variable)
			.isTrue();
		return file;
	}

}
