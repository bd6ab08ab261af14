package io.runctl.platform;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.pipeline.RunCoordinates;
import io.runctl.platform.PlatformException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What {@link PlatformClient} relies on from the platform (CLARIFAI_API.md sections 5, 7
 * and 8), written once and run against every platform we have: WireMock stubs built from
 * the documented wire format, and the built-in sandbox over HTTP. A subclass provides the
 * platform and runs in the states a scenario needs.
 */
public abstract class PlatformContractTests {

	protected static final int QUEUED = 64000;

	protected static final int RUNNING = 64001;

	protected static final int COMPLETED = 64002;

	protected static final int FAILED = 64003;

	protected static final int CANCELLED = 64004;

	protected static final int PAUSED = 64008;

	private static final Duration WAIT = Duration.ofSeconds(30);

	/** The client under test, with valid credentials. */
	protected abstract PlatformClient client();

	/** The platform's base URL, for a client with other credentials. */
	protected abstract String baseUrl();

	/** The pipeline version the runs belong to. */
	protected abstract PipelineCoordinates pipeline();

	/**
	 * A fresh run in the state with this code: a PAUSED run was paused while running by
	 * the pipeline's user, a run that has started has printed log entries.
	 */
	protected abstract RunCoordinates runIn(int code);

	/** A finished run with at least this many log entries. */
	protected abstract RunCoordinates runWithLogs(int atLeast);

	/**
	 * A client of the same platform with another token, built the way the service builds
	 * its own.
	 */
	protected PlatformClient clientWithToken(String token) {
		PlatformProperties properties = new PlatformProperties(baseUrl(), token, 12, Duration.ofSeconds(10),
				Duration.ofSeconds(2));
		WebClient webClient = new PlatformConfiguration().platformWebClient(WebClient.builder(), properties);
		PlatformTarget target = new PlatformTarget(properties, new MockEnvironment());
		ResilienceProperties resilience = ResilienceProperties.defaults();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		return new PlatformClient(new UpstreamExchange(webClient, target, properties, meters,
				new UpstreamCircuit(resilience), new UpstreamBudget(properties, meters)), new ReadRetry(resilience));
	}

	@ParameterizedTest
	@ValueSource(ints = { QUEUED, RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED })
	void getRunShouldReadEveryState(int code) {
		RunCoordinates coordinates = runIn(code);
		PlatformRun run = await(client().getRun(coordinates));
		assertThat(run.id()).isEqualTo(coordinates.runId());
		assertThat(run.statusCode()).isEqualTo(code);
		assertThat(run.statusDescription()).isNotBlank();
		assertThat(run.userId()).isEqualTo(coordinates.userId());
		assertThat(run.appId()).isEqualTo(coordinates.appId());
		assertThat(run.pipelineId()).isEqualTo(coordinates.pipelineId());
		assertThat(run.pipelineVersionId()).isEqualTo(coordinates.pipelineVersionId());
		assertThat(run.createdAt()).isNotNull();
		if (code != QUEUED) {
			assertThat(run.startedAt()).isNotNull();
			assertThat(run.totalRunDurationSeconds()).isPositive();
		}
		boolean terminal = code == COMPLETED || code == FAILED || code == CANCELLED;
		assertThat(run.endedAt() != null).isEqualTo(terminal);
	}

	@Test
	void listRunsShouldFilterByStatusCode() {
		RunCoordinates running = runIn(RUNNING);
		RunCoordinates completed = runIn(COMPLETED);

		List<PlatformRun> onlyRunning = await(client().listRuns(pipeline(), List.of(RUNNING), 1, 128));
		List<PlatformRun> all = await(client().listRuns(pipeline(), List.of(), 1, 128));

		assertThat(onlyRunning).extracting(PlatformRun::id).contains(running.runId()).doesNotContain(completed.runId());
		assertThat(onlyRunning).extracting(PlatformRun::statusCode).containsOnly(RUNNING);
		assertThat(all).extracting(PlatformRun::id).contains(running.runId(), completed.runId());
	}

	@Test
	void pauseShouldAnswerThePausedRunAndStick() {
		RunCoordinates run = runIn(RUNNING);
		assertThat(patched(run, PAUSED)).isEqualTo(PAUSED);
		assertThat(await(client().getRun(run)).statusCode()).isEqualTo(PAUSED);
	}

	@Test
	void resumeShouldAnswerTheRunningRunAndStick() {
		RunCoordinates run = runIn(PAUSED);
		assertThat(patched(run, RUNNING)).isEqualTo(RUNNING);
		assertThat(await(client().getRun(run)).statusCode()).isEqualTo(RUNNING);
	}

	@ParameterizedTest
	@ValueSource(ints = { QUEUED, RUNNING, PAUSED })
	void cancelShouldEndANonTerminalRun(int code) {
		RunCoordinates run = runIn(code);
		assertThat(patched(run, CANCELLED)).isEqualTo(CANCELLED);
		PlatformRun cancelled = await(client().getRun(run));
		assertThat(cancelled.statusCode()).isEqualTo(CANCELLED);
		assertThat(cancelled.endedAt()).isNotNull();
	}

	@Test
	void pauseThenResumeThenCancelShouldEachTakeEffect() {
		RunCoordinates run = runIn(RUNNING);
		assertThat(patched(run, PAUSED)).isEqualTo(PAUSED);
		assertThat(patched(run, RUNNING)).isEqualTo(RUNNING);
		assertThat(patched(run, CANCELLED)).isEqualTo(CANCELLED);
		assertThat(await(client().getRun(run)).statusCode()).isEqualTo(CANCELLED);
	}

	@ParameterizedTest
	@CsvSource({ "64001, 64001", "64008, 64008", "64003, 64004", "64000, 64001", "64002, 64008", "64002, 64004",
			"64003, 64001", "64004, 64004", "64004, 64001" })
	void aRefusedTransitionShouldBeRejectedWith26302AndChangeNothing(int from, int requested) {
		RunCoordinates run = runIn(from);

		PlatformException refused = catchThrowableOfType(PlatformException.class,
				() -> await(client().patchRunStatus(run, requested)));

		assertThat(refused).isNotNull();
		assertThat(refused.failure()).isEqualTo(Failure.REJECTED);
		assertThat(refused.upstreamCode()).isEqualTo(26302);
		assertThat(await(client().getRun(run)).statusCode()).isEqualTo(from);
	}

	@Test
	void logsShouldPageWithUniqueUrlsAndAnswerTheLastPageBeyondTheEnd() {
		RunCoordinates run = runWithLogs(12);

		PlatformLogPage first = await(client().listLogEntries(run, 1, 5));
		PlatformLogPage second = await(client().listLogEntries(run, 2, 5));
		PlatformLogPage beyond = await(client().listLogEntries(run, 1000, 5));
		PlatformLogPage last = await(client().listLogEntries(run, beyond.page(), 5));

		assertThat(first.page()).isEqualTo(1);
		assertThat(first.perPage()).isEqualTo(5);
		assertThat(first.entries()).hasSize(5);
		assertThat(second.page()).isEqualTo(2);
		assertThat(second.entries()).hasSize(5);
		Set<String> urls = new HashSet<>();
		for (PlatformLogPage page : List.of(first, second)) {
			for (PlatformLogPage.Entry entry : page.entries()) {
				assertThat(entry.url()).isNotBlank();
				assertThat(entry.message()).isNotBlank();
				assertThat(urls.add(entry.url())).as("unique url %s", entry.url()).isTrue();
			}
		}
		assertThat(beyond.page()).isBetween(3, 999);
		assertThat(beyond.entries()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
		assertThat(last.entries()).isEqualTo(beyond.entries());
	}

	@Test
	void logsOfAQueuedRunShouldBeEmpty() {
		PlatformLogPage page = await(client().listLogEntries(runIn(QUEUED), 1, 50));
		assertThat(page.entries()).isEmpty();
		assertThat(page.page()).isEqualTo(1);
	}

	@Test
	void statusLogsShouldListTheChangesOldestFirstWithWhoTriggeredThem() {
		RunCoordinates run = runIn(PAUSED);

		List<PlatformStatusLog> history = await(client().listStatusLogs(run, 1, 100));

		assertThat(history).extracting(PlatformStatusLog::statusCode)
			.startsWith(QUEUED)
			.contains(RUNNING)
			.endsWith(PAUSED);
		assertThat(history).extracting(PlatformStatusLog::createdAt).doesNotContainNull().isSorted();
		assertThat(history.get(history.size() - 1).triggeredBy()).isEqualTo(run.userId());
	}

	@Test
	void anUnknownRunShouldBeNotFound() {
		RunCoordinates unknown = pipeline().run("0123456789abcdef0123456789abcdef");
		assertFailure(client().getRun(unknown), Failure.NOT_FOUND, 11101);
		assertFailure(client().patchRunStatus(unknown, PAUSED), Failure.NOT_FOUND, 11101);
		assertFailure(client().listLogEntries(unknown, 1, 50), Failure.NOT_FOUND, 11101);
		assertFailure(client().listStatusLogs(unknown, 1, 50), Failure.NOT_FOUND, 11101);
	}

	@Test
	void anUnknownPipelineShouldBeNotFound() {
		PipelineCoordinates unknown = new PipelineCoordinates(pipeline().userId(), pipeline().appId(),
				"no-such-pipeline", "v9");
		assertFailure(client().listRuns(unknown, List.of(), 1, 10), Failure.NOT_FOUND, 11101);
	}

	@Test
	void aWrongTokenShouldFailAuthentication() {
		RunCoordinates run = runIn(RUNNING);
		PlatformClient intruder = clientWithToken("wrong-token-0000");
		assertFailure(intruder.getRun(run), Failure.AUTH_FAILED, 11009);
		assertFailure(intruder.patchRunStatus(run, CANCELLED), Failure.AUTH_FAILED, 11009);
		assertThat(await(client().getRun(run)).statusCode()).isEqualTo(RUNNING);
	}

	private int patched(RunCoordinates run, int code) {
		PatchedRun answered = await(client().patchRunStatus(run, code));
		assertThat(answered.run()).as("the patched run in the answer").isPresent();
		assertThat(answered.upstreamRequestId()).as("the change's req_id").isNotBlank();
		return answered.run().get().statusCode();
	}

	private static void assertFailure(Mono<?> call, Failure failure, int code) {
		PlatformException thrown = catchThrowableOfType(PlatformException.class, () -> await(call));
		assertThat(thrown).as("a PlatformException").isNotNull();
		assertThat(thrown.failure()).isEqualTo(failure);
		assertThat(thrown.upstreamCode()).isEqualTo(code);
	}

	private static <T> T await(Mono<T> call) {
		return call.block(WAIT);
	}

}
