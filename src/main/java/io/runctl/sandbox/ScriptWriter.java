package io.runctl.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import io.runctl.sandbox.RunScript.Chunk;
import io.runctl.sandbox.RunScript.Line;
import org.jspecify.annotations.Nullable;

/**
 * Writes the script of a simulated run: a three-step pipeline whose containers print Argo
 * executor lines, plain Python log lines and JSON log lines, a chunk every few simulated
 * seconds. Everything comes from the given {@link Random}, so a seed gives the same run.
 */
final class ScriptWriter {

	private static final String[] STEPS = { "load-data", "process", "report" };

	private static final double[] STEP_SHARE = { 0.2, 0.6, 0.2 };

	private final Random random;

	private final List<Chunk> chunks = new ArrayList<>();

	private int batch;

	private ScriptWriter(Random random) {
		this.random = random;
	}

	/**
	 * A script that waits {@code queueSeconds}, runs {@code runSeconds} and then
	 * completes, or fails when {@code fails}.
	 */
	static RunScript write(Random random, double queueSeconds, double runSeconds, boolean fails,
			@Nullable String inputText) {
		return new ScriptWriter(random).script(queueSeconds, runSeconds, fails,
				(inputText != null) ? inputText : "Input Text Here");
	}

	private RunScript script(double queueSeconds, double runSeconds, boolean fails, String input) {
		int batches = 20 + this.random.nextInt(60);
		double stepStart = 0;
		for (int step = 0; step < STEPS.length; step++) {
			double stepEnd = (step == STEPS.length - 1) ? runSeconds : stepStart + runSeconds * STEP_SHARE[step];
			boolean failsHere = fails && step == 1;
			if (failsHere) {
				stepEnd = runSeconds;
			}
			this.chunks.add(new Chunk(stepStart, executorStart(STEPS[step])));
			double at = stepStart + gap();
			double last = stepEnd - 1;
			while (at < last) {
				this.chunks.add(new Chunk(at, work(STEPS[step], input, batches)));
				at += gap();
			}
			if (failsHere) {
				String details = STEPS[step] + " exited with code 1";
				this.chunks.add(new Chunk(stepEnd, failure(STEPS[step])));
				return new RunScript(queueSeconds, runSeconds, details, List.copyOf(this.chunks));
			}
			boolean lastStep = step == STEPS.length - 1;
			this.chunks.add(new Chunk(lastStep ? stepEnd : stepEnd - 0.2, stepEnd(STEPS[step], step)));
			stepStart = stepEnd;
		}
		return new RunScript(queueSeconds, runSeconds, null, List.copyOf(this.chunks));
	}

	private double gap() {
		return 1.5 + this.random.nextDouble() * 4.5;
	}

	private static List<Line> executorStart(String step) {
		return List.of(Line.argo("Starting Workflow Executor", "version=v3.7.9"),
				Line.argo("Using executor retry strategy", "Duration=1s Factor=1.6 Jitter=0.5 Steps=5"),
				Line.argo("Executor initialized", "includeScriptOutput=false namespace=sandbox templateName=" + step),
				Line.plain("info", "Starting step " + step));
	}

	private List<Line> work(String step, String input, int batches) {
		List<Line> lines = new ArrayList<>();
		int count = 1 + this.random.nextInt(4);
		for (int i = 0; i < count; i++) {
			lines.add(workLine(step, input, batches));
		}
		return lines;
	}

	private Line workLine(String step, String input, int batches) {
		int pick = this.random.nextInt(10);
		if (pick < 3) {
			this.batch = Math.min(this.batch + 1, batches);
			return Line.plain("info",
					String.format(Locale.ROOT, "Processing batch %d/%d in %s", this.batch, batches, step));
		}
		if (pick < 6) {
			return Line.json("info", String.format(Locale.ROOT, "%s processed: %s (%d items, %.1f items/s)", step,
					input, 10 + this.random.nextInt(500), 5 + this.random.nextDouble() * 95), 21 + pick);
		}
		if (pick < 8) {
			return Line.json("info", String.format(Locale.ROOT, "checkpoint written to /tmp/%s/ckpt-%04d.pt", step,
					this.random.nextInt(10000)), 48);
		}
		if (pick < 9) {
			return Line.json("warning", "object store slow to answer, retrying (attempt 2 of 5)", 63);
		}
		return Line.argo("capturing script output", "step=" + step);
	}

	private static List<Line> stepEnd(String step, int index) {
		List<Line> lines = new ArrayList<>();
		lines.add(Line.json("info", "step " + step + " done", 90));
		lines.add(Line.argo("sub-process exited", "argo=true error=\"<nil>\""));
		if (index == STEPS.length - 1) {
			lines.add(Line.plain("info", "Pipeline finished: " + STEPS.length + " steps succeeded"));
		}
		return lines;
	}

	private static List<Line> failure(String step) {
		return List.of(Line.raw("Traceback (most recent call last):"),
				Line.raw("  File \"/app/pipeline_step.py\", line 57, in <module>"), Line.raw("    main()"),
				Line.raw("  File \"/app/pipeline_step.py\", line 44, in main"),
				Line.raw("    raise ValueError(\"record 4711 has no 'text' field\")"),
				Line.raw("ValueError: record 4711 has no 'text' field"),
				Line.json("error", "step " + step + " failed", 45),
				new Line(RunScript.Kind.ARGO, "error", "sub-process exited", "argo=true error=\"exit status 1\""));
	}

}
