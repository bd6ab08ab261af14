package io.runctl.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.runctl.platform.PlatformTarget;
import io.runctl.testing.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in real headless Chromium against the running service on its built-in
 * sandbox platform. Runs only with {@code ./mvnw verify -Pbrowser}.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "runctl.upstream.base-url=", "runctl.upstream.pat=", "runctl.lock-file=target/no-lock-file.yaml",
				"runctl.sandbox.speed=2", "runctl.sandbox.seed=7" })
class DashboardBrowserTests {

	/** The sandbox's demo pipeline, the default pipeline in sandbox mode. */
	static final String DEMO_PIPELINE = "/v2/users/demo/apps/sandbox/pipelines/hello-pipeline/versions/v1";

	static final Path SCREENSHOT = Path.of("docs/dashboard.png");

	static ChromeDriver driver;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@LocalServerPort
	int port;

	WebDriverWait wait;

	@BeforeAll
	static void startBrowser() {
		driver = Browser.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@BeforeEach
	void freshTab() {
		this.wait = Browser.waiting(driver);
		driver.manage().window().setSize(new Dimension(1280, 1500));
		driver.get(url("/index.html#/none"));
		driver.executeScript("sessionStorage.clear()");
	}

	@Test
	void runPageShouldStreamTheLogAndPauseResumeAndCancelTheRun() throws Exception {
		String run = startRun();
		open("/", ApiKeys.OPERATOR);
		WebElement row = this.wait.until(ExpectedConditions.presenceOfElementLocated(rowOf(run)));
		assertThat(row.findElement(By.cssSelector(".badge")).getText()).isIn("QUEUED", "RUNNING");
		assertThat(actionsOf(row)).containsExactly("pause", "cancel");

		row.findElement(By.cssSelector("a.run-link")).click();
		this.wait.until(ExpectedConditions.textToBe(By.id("run-id"), run));
		this.wait.until(ExpectedConditions.textToBe(By.id("run-state"), "RUNNING"));
		this.wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-connection", "open"));
		int first = waitForLines(3);
		waitForLines(Math.max(first + 2, 12));
		assertThat(followsTheTail()).isTrue();
		Browser.screenshot(driver, SCREENSHOT);

		driver.findElement(By.id("action-reason")).sendKeys("browser test: pause");
		driver.findElement(By.id("action-pause")).click();
		this.wait.until(ExpectedConditions.textToBe(By.id("run-state"), "PAUSED"));
		assertThat(driver.findElement(By.id("action-status")).getText()).contains("RUNNING → PAUSED");
		assertThat(apiState(run)).isEqualTo("PAUSED");
		assertThat(driver.findElement(By.id("action-resume")).isEnabled()).isTrue();
		assertThat(driver.findElement(By.id("action-pause")).isEnabled()).isFalse();

		driver.findElement(By.id("action-resume")).click();
		this.wait.until(ExpectedConditions.textToBe(By.id("run-state"), "RUNNING"));
		assertThat(apiState(run)).isEqualTo("RUNNING");

		driver.findElement(By.id("action-cancel")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
		assertThat(driver.findElement(By.id("confirm-message")).getText()).contains(run);
		driver.findElement(By.id("confirm-no")).click();
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
		assertThat(driver.findElement(By.id("action-status")).getText()).isEqualTo("Cancel not sent.");
		assertThat(apiState(run)).isEqualTo("RUNNING");

		driver.findElement(By.id("action-cancel")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-reason")))
			.sendKeys("browser test: cancel");
		driver.findElement(By.id("confirm-yes")).click();
		this.wait.until(ExpectedConditions.textToBe(By.id("run-state"), "CANCELLED"));
		this.wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-connection", "ended"));
		assertThat(apiState(run)).isEqualTo("CANCELLED");
		for (String action : List.of("pause", "resume", "cancel")) {
			assertThat(driver.findElement(By.id("action-" + action)).isEnabled()).isFalse();
		}
		assertThat(cursors()).doesNotHaveDuplicates().isSortedAccordingTo(DashboardBrowserTests::compareCursors);
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history-body"), "CANCELLED"));
	}

	@Test
	void reconnectShouldResumeAfterTheLastLineShown() throws Exception {
		String run = startRun();
		open("/#/runs/" + run, ApiKeys.VIEWER);
		this.wait.until(ExpectedConditions.textToBe(By.id("run-state"), "RUNNING"));
		int before = waitForLines(2);

		driver.findElement(By.id("reconnect")).click();
		this.wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-connection", "open"));
		waitForLines(before + 3);

		assertThat(cursors()).doesNotHaveDuplicates().isSortedAccordingTo(DashboardBrowserTests::compareCursors);
		List<String> fresh = readStreamInPage(run, null, cursors().size());
		assertThat(cursors().subList(0, fresh.size())).isEqualTo(fresh);
	}

	@Test
	void streamShouldReconnectAfterADropAndLoseOrRepeatNoLine() throws Exception {
		String run = startRun();
		open("/#/runs/" + run, ApiKeys.VIEWER);
		this.wait.until(ExpectedConditions.textToBe(By.id("run-state"), "RUNNING"));
		waitForLines(1);

		@SuppressWarnings("unchecked")
		Map<String, List<String>> dropped = (Map<String, List<String>>) driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				import('/js/sse.js').then(({ MonitorStream }) => {
					const lines = [], connections = [];
					const stream = new MonitorStream(arguments[0], { monitor_interval: 1 }, {
						onEvent(event) {
							if (event.type !== 'log') return;
							lines.push(event.id);
							if (lines.length === 2) stream.interrupt();
							if (lines.length === 6) { stream.stop(); done({ lines, connections }); }
						},
						onBatch() {}, onProblem() {},
						onConnection(state) { connections.push(state); },
					});
					stream.start();
				});
				""", "/runs/" + run + "/monitor");
		assertThat(dropped.get("connections")).containsSubsequence("open", "waiting", "connecting", "open");
		assertThat(dropped.get("lines")).hasSize(6).doesNotHaveDuplicates();
		assertThat(readStreamInPage(run, null, 6)).isEqualTo(dropped.get("lines"));
		assertThat(readStreamInPage(run, dropped.get("lines").get(2), 3)).isEqualTo(dropped.get("lines").subList(3, 6));
	}

	@Test
	void listShouldFilterByStateAndPage() {
		open("/#/runs?per_page=2", ApiKeys.VIEWER);
		this.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs-body tr[data-run-id]"), 2));
		List<String> firstPage = runIds();
		driver.findElement(By.id("page-next")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".pager"), "Page 2"));
		this.wait.until((d) -> !runIds().isEmpty() && !runIds().equals(firstPage));
		assertThat(runIds()).doesNotContainAnyElementsOf(firstPage);

		new Select(driver.findElement(By.id("state-filter")))
			.selectByValue("COMPLETED,FAILED,UNEXPECTED_ERROR,CANCELLED");
		new Select(driver.findElement(By.id("per-page"))).selectByValue("50");
		driver.findElement(By.id("runs-apply")).click();
		this.wait.until(ExpectedConditions.urlContains("state=COMPLETED%2CFAILED"));
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("runs-status"), "on page 1"));
		List<WebElement> rows = driver.findElements(By.cssSelector("#runs-body tr[data-run-id]"));
		List<String> states = rows.stream().map((row) -> row.findElement(By.cssSelector(".badge")).getText()).toList();
		assertThat(states).contains("COMPLETED", "FAILED", "CANCELLED")
			.allSatisfy((state) -> assertThat(state).isIn("COMPLETED", "FAILED", "UNEXPECTED_ERROR", "CANCELLED"));
		assertThat(rows).allSatisfy((row) -> assertThat(actionsOf(row)).isEmpty());
	}

	@Test
	void pipelineCoordinatesShouldGoIntoTheUrlAndEveryRequest() {
		open("/", ApiKeys.VIEWER);
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs-body tr[data-run-id]")));
		driver.findElement(By.cssSelector("#pipeline-panel summary")).click();
		driver.findElement(By.id("pipeline-user_id")).sendKeys("not valid!");
		driver.findElement(By.cssSelector("#pipeline-form button[type=submit]")).click();
		assertThat(this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pipeline-error"))).getText())
			.contains("user_id");

		driver.findElement(By.id("pipeline-user_id")).clear();
		for (String name : List.of("user_id", "app_id", "pipeline_id", "pipeline_version_id")) {
			driver.findElement(By.id("pipeline-" + name)).sendKeys("other");
		}
		driver.findElement(By.cssSelector("#pipeline-form button[type=submit]")).click();
		this.wait.until(ExpectedConditions.urlContains("user_id=other&app_id=other"));
		WebElement problem = this.wait
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#runs-problem .problem")));
		assertThat(problem.findElement(By.cssSelector(".problem-title")).getText()).isEqualTo("Run not found (404)");
		assertThat(driver.findElement(By.id("pipeline-summary")).getText()).isEqualTo("other / other / other / other");

		driver.findElement(By.id("pipeline-clear")).click();
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs-body tr[data-run-id]")));
		assertThat(driver.getCurrentUrl()).doesNotContain("user_id");
	}

	@Test
	void actionOnAStaleListShouldShowTheProblemReadably() throws Exception {
		String run = startRun();
		open("/", ApiKeys.OPERATOR);
		WebElement pause = this.wait.until(ExpectedConditions.presenceOfElementLocated(rowOf(run)))
			.findElement(By.cssSelector("button[data-action=pause]"));
		assertThat(post("/runs/" + run + "/cancel", ApiKeys.OPERATOR)).isEqualTo(200);

		pause.click();
		WebElement problem = this.wait
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#runs-problem .problem")));
		assertThat(problem.findElement(By.cssSelector(".problem-title")).getText())
			.isEqualTo("Invalid transition (409)");
		assertThat(problem.findElement(By.cssSelector(".problem-detail")).getText()).contains("CANCELLED");
		assertThat(field(problem, "current_state")).isEqualTo("CANCELLED");
		assertThat(field(problem, "allowed_actions")).isEqualTo("(none)");
		assertThat(field(problem, "run_id")).isEqualTo(run);
		assertThat(problem.findElement(By.linkText("About this problem")).getAttribute("href"))
			.endsWith("/problems/invalid-transition");
	}

	@Test
	void viewerKeyShouldSeeForbiddenWhenControlling() throws Exception {
		String run = startRun();
		open("/#/runs/" + run, ApiKeys.VIEWER);
		WebElement pause = this.wait.until(ExpectedConditions.elementToBeClickable(By.id("action-pause")));
		pause.click();
		WebElement problem = this.wait
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#action-problem .problem")));
		assertThat(problem.findElement(By.cssSelector(".problem-title")).getText()).isEqualTo("Forbidden (403)");
		assertThat(apiState(run)).isIn("QUEUED", "RUNNING");
	}

	@Test
	void wrongKeyShouldBeAskedForAgain() {
		driver.get(url("/#/runs"));
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")))
			.sendKeys("not-a-key", Keys.ENTER);
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-message"), "did not accept"));
		assertThat(driver.findElement(By.id("key-dialog")).isDisplayed()).isTrue();
		enterKey(ApiKeys.VIEWER);
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs-body tr[data-run-id]")));
		assertThat(driver.findElement(By.id("key-button")).getText()).isEqualTo("API key (set)");
	}

	@Test
	void unknownRunShouldShowNotFound() {
		open("/#/runs/no-such-run", ApiKeys.VIEWER);
		WebElement problem = this.wait
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#run-problem .problem")));
		assertThat(problem.findElement(By.cssSelector(".problem-title")).getText()).isEqualTo("Run not found (404)");
		this.wait.until(ExpectedConditions.attributeToBe(By.id("stream-state"), "data-connection", "failed"));
	}

	@Test
	void cancelConfirmationShouldWorkFromTheKeyboard() throws Exception {
		String run = startRun();
		open("/#/runs/" + run, ApiKeys.OPERATOR);
		WebElement cancel = this.wait.until(ExpectedConditions.elementToBeClickable(By.id("action-cancel")));
		cancel.sendKeys(Keys.ENTER);
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-dialog")));
		assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("confirm-no");
		driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
		assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("action-cancel");
		assertThat(apiState(run)).isIn("QUEUED", "RUNNING");
	}

	@Test
	void narrowScreenShouldNeedNoSidewaysScrolling() {
		driver.manage().window().setSize(new Dimension(390, 900));
		open("/", ApiKeys.VIEWER);
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs-body tr[data-run-id]")));
		Number overflow = (Number) driver
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
		assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
		assertThat(driver.findElement(By.cssSelector("#runs-body tr[data-run-id] a.run-link")).isDisplayed()).isTrue();
	}

	@Test
	void parserShouldFollowTheEventStreamFormat() {
		open("/", ApiKeys.VIEWER);
		@SuppressWarnings("unchecked")
		List<Map<String, String>> events = (List<Map<String, String>>) driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				import('/js/sse.js').then(({ SseParser }) => {
					const events = [];
					const parser = new SseParser({
						onEvent: (e) => events.push({ type: e.type, data: e.data, id: e.id }),
						onRetry: (ms) => events.push({ type: 'retry', data: String(ms), id: '' }),
					});
					['retry: 3000\\r', '\\nevent: status\\r', '\\ndata: {"a":1}\\r\\n\\r', '\\n',
					 ': keep-alive\\n\\n', 'id: 0.1\\nevent: log\\ndata: first\\ndata:second\\n', '\\n',
					 'event: notice\\ndata: no id here\\n\\n', 'id: 0.2\\n\\n', 'data: after\\rdata: x\\r\\r',
					 'event: end\\ndata: {"reason":"terminal"}', '\\n\\n', 'data: never dispatched']
						.forEach((chunk) => parser.push(chunk));
					done(events);
				});
				""");
		assertThat(events).containsExactly(event("retry", "3000", ""), event("status", "{\"a\":1}", ""),
				event("log", "first\nsecond", "0.1"), event("notice", "no id here", "0.1"),
				event("message", "after\nx", "0.2"), event("end", "{\"reason\":\"terminal\"}", "0.2"));
	}

	// Helpers

	private static Map<String, String> event(String type, String data, String id) {
		return Map.of("type", type, "data", data, "id", id);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** Opens a page; the service asks for a key (401), and the key form gets one. */
	private void open(String path, String key) {
		driver.get(url(path));
		enterKey(key);
	}

	private void enterKey(String key) {
		WebElement input = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
		input.clear();
		input.sendKeys(key, Keys.ENTER);
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("key-dialog")));
	}

	private static By rowOf(String run) {
		return By.cssSelector("#runs-body tr[data-run-id='" + run + "']");
	}

	private static List<String> actionsOf(WebElement row) {
		return row.findElements(By.cssSelector("button[data-action]"))
			.stream()
			.map((button) -> button.getAttribute("data-action"))
			.toList();
	}

	private static List<String> runIds() {
		return driver.findElements(By.cssSelector("#runs-body tr[data-run-id]"))
			.stream()
			.map((row) -> row.getAttribute("data-run-id"))
			.toList();
	}

	private static String field(WebElement problem, String name) {
		return problem.findElement(By.cssSelector("dd[data-field='" + name + "']")).getText();
	}

	private int waitForLines(int atLeast) {
		this.wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#log .line"), atLeast - 1));
		return driver.findElements(By.cssSelector("#log .line")).size();
	}

	private static List<String> cursors() {
		List<String> cursors = new ArrayList<>();
		for (WebElement line : driver.findElements(By.cssSelector("#log .line"))) {
			cursors.add(line.getAttribute("data-cursor"));
		}
		return cursors;
	}

	private static boolean followsTheTail() {
		return (Boolean) driver.executeScript("const log = document.getElementById('log');"
				+ "return log.scrollHeight - log.scrollTop - log.clientHeight < 8;")
				&& "true".equals(driver.findElement(By.id("follow-toggle")).getAttribute("aria-pressed"));
	}

	/** The first {@code count} log cursors of the run's stream, read in the page. */
	@SuppressWarnings("unchecked")
	private static List<String> readStreamInPage(String run, String after, int count) {
		return (List<String>) driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const [path, after, count] = [arguments[0], arguments[1], arguments[2]];
				import('/js/sse.js').then(({ MonitorStream }) => {
					const lines = [];
					const stream = new MonitorStream(path, {}, {
						onEvent(event) {
							if (event.type === 'log' && lines.length < count) lines.push(event.id);
							if (lines.length === count) { stream.stop(); done(lines); }
						},
						onBatch() {}, onProblem() {}, onConnection() {},
					});
					if (after) stream.lastEventId = after;
					stream.start();
				});
				""", "/runs/" + run + "/monitor", after, count);
	}

	private static int compareCursors(String a, String b) {
		String[] left = a.split("\\.");
		String[] right = b.split("\\.");
		int entry = Integer.compare(Integer.parseInt(left[0]), Integer.parseInt(right[0]));
		return (entry != 0) ? entry : Integer.compare(Integer.parseInt(left[1]), Integer.parseInt(right[1]));
	}

	/** Starts a new run on the sandbox platform, as the platform's "create run" does. */
	private String startRun() throws IOException, InterruptedException {
		String id = "browser" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(url(PlatformTarget.SANDBOX_PREFIX + DEMO_PIPELINE + "/runs")))
			.header("Authorization", "Key " + PlatformTarget.SANDBOX_TOKEN)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"pipeline_version_runs\":[{\"id\":\"" + id + "\"}]}"))
			.timeout(Duration.ofSeconds(30))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return id;
	}

	private String apiState(String run) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url("/runs/" + run)))
			.header("Authorization", ApiKeys.VIEWER_AUTH)
			.timeout(Duration.ofSeconds(30))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String body = response.body();
		int at = body.indexOf("\"state\":\"") + 9;
		return body.substring(at, body.indexOf('"', at));
	}

	private int post(String path, String key) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url(path)))
			.header("Authorization", ApiKeys.bearer(key))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
	}

}
