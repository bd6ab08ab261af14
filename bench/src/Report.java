import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Turns the harness's raw results into the BENCHMARKS.md tables (between the
 * {@code <!-- bench:...:begin -->} and {@code <!-- bench:...:end -->} markers) and a PNG
 * chart.
 * <p>
 * Usage:
 * {@code java Report results.tsv wrk.tsv startup.tsv machine context chart.png BENCHMARKS.md}
 * (an empty BENCHMARKS.md argument only prints the tables).
 */
public final class Report {

	static final String[] TARGETS = { "direct", "nginx", "runctl-get", "runctl-pair" };

	static final Map<String, String> NAMES = Map.of("direct", "direct upstream call", "nginx",
			"nginx → upstream (plain proxy)", "runctl-get", "runctl `GET /runs/{id}`", "runctl-pair",
			"runctl pause + resume pair");

	record Row(String label, String shape, int concurrency, double rate, long ops, long errors, long unchanged,
			double perSecond, double p50, double p90, double p99, double p999, double max, double cpu) {

		static Row parse(String line) {
			String[] f = line.split("\t");
			return new Row(f[0], f[1], Integer.parseInt(f[2]), d(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
					Long.parseLong(f[6]), d(f[7]), d(f[8]), d(f[9]), d(f[10]), d(f[11]), d(f[12]),
					(f.length > 13) ? d(f[13]) : -1);
		}

	}

	record StartupRow(String label, int runs, double median, double min, double max, double rss, double cpu) {

		static StartupRow parse(String line) {
			String[] f = line.split("\t");
			return new StartupRow(f[0], Integer.parseInt(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]),
					(f.length > 6) ? d(f[6]) : -1);
		}

	}

	public static void main(String[] args) throws IOException {
		Map<String, Row> closed = new LinkedHashMap<>();
		Map<String, Row> open = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of(args[0]))) {
			if (!line.isBlank()) {
				Row row = Row.parse(line);
				(row.shape().equals("open") ? open : closed).put(row.label(), row);
			}
		}
		Map<String, Double> wrk = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of(args[1]))) {
			String[] f = line.split("\t");
			if (f.length == 2 && !f[1].isBlank()) {
				wrk.put(f[0], d(f[1]));
			}
		}
		List<StartupRow> startup = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of(args[2]))) {
			if (!line.isBlank()) {
				startup.add(StartupRow.parse(line));
			}
		}
		String machine = args[3];
		String context = args[4];
		String control = controlPath(closed, open, wrk, machine, context);
		String start = startup(startup, machine);
		System.out.println(control);
		System.out.println(start);
		chart(closed, open, startup, new File(args[5]));
		if (args.length > 6 && !args[6].isBlank()) {
			Path benchmarks = Path.of(args[6]);
			String text = Files.readString(benchmarks);
			text = replace(text, "control-path", control);
			text = replace(text, "startup", start);
			Files.writeString(benchmarks, text);
		}
	}

	static String controlPath(Map<String, Row> closed, Map<String, Row> open, Map<String, Double> wrk,
			String machine, String context) {
		StringBuilder md = new StringBuilder();
		md.append("Machine: ").append(machine).append(".  \n");
		md.append("Run: ").append(context).append(".\n\n");
		md.append("| target | closed loop: ops/s | p50 ms | p99 ms | fixed rate: ops/s | p50 ms | p99 ms | p99.9 ms"
				+ " | server CPU ms/op | errors |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String target : TARGETS) {
			Row c = closed.get(target);
			Row o = open.get(target);
			if (c == null || o == null) {
				continue;
			}
			String cpu = (c.cpu() >= 0) ? String.format(Locale.ROOT, "%.3f", c.cpu()) : "n/a";
			md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %s | %d |%n",
					NAMES.get(target), c.perSecond(), c.p50(), c.p99(), o.rate(), o.p50(), o.p99(), o.p999(), cpu,
					c.errors() + o.errors()));
		}
		md.append("\nServer CPU ms/op: CPU time (user + system, from /proc) the stub (direct) or runctl spent per "
				+ "operation in the closed-loop run, warm-up included: it is the least contention-sensitive figure.\n");
		md.append("A pair is two runctl calls (pause, then resume), each reading the run and then patching it: "
				+ "four upstream calls per pair.\n\n");
		Row direct = closed.get("direct");
		Row nginx = closed.get("nginx");
		Row get = closed.get("runctl-get");
		Row pair = closed.get("runctl-pair");
		Row directOpen = open.get("direct");
		Row nginxOpen = open.get("nginx");
		Row getOpen = open.get("runctl-get");
		Row pairOpen = open.get("runctl-pair");
		md.append("| ratio or difference | value | target |\n|---|---:|---|\n");
		if (get != null && nginx != null && direct != null) {
			double share = get.perSecond() / nginx.perSecond();
			md.append(String.format(Locale.ROOT, "| runctl GET throughput / nginx throughput | %.0f%% | ≥ 50%% %s |%n",
					100 * share, mark(share >= 0.5)));
			md.append(String.format(Locale.ROOT, "| runctl GET throughput / direct throughput | %.0f%% | |%n",
					100 * get.perSecond() / direct.perSecond()));
			md.append(String.format(Locale.ROOT, "| nginx throughput / direct throughput | %.0f%% | |%n",
					100 * nginx.perSecond() / direct.perSecond()));
			if (wrk.containsKey("runctl-get") && wrk.containsKey("nginx")) {
				double wrkShare = wrk.get("runctl-get") / wrk.get("nginx");
				md.append(String.format(Locale.ROOT,
						"| same with wrk: runctl GET %.0f/s, nginx %.0f/s, direct %.0f/s | %.0f%% | ≥ 50%% %s |%n",
						wrk.get("runctl-get"), wrk.get("nginx"), wrk.getOrDefault("direct", 0.0), 100 * wrkShare,
						mark(wrkShare >= 0.5)));
			}
		}
		if (getOpen != null && directOpen != null) {
			double addedP50 = getOpen.p50() - directOpen.p50();
			double addedP99 = getOpen.p99() - directOpen.p99();
			md.append(String.format(Locale.ROOT,
					"| runctl GET added latency at %.0f/s, p50 | %+.2f ms | ≤ 1 ms %s |%n", getOpen.rate(), addedP50,
					mark(addedP50 <= 1)));
			md.append(String.format(Locale.ROOT,
					"| runctl GET added latency at %.0f/s, p99 | %+.2f ms | ≤ 5 ms %s |%n", getOpen.rate(), addedP99,
					mark(addedP99 <= 5)));
		}
		if (nginxOpen != null && directOpen != null) {
			md.append(String.format(Locale.ROOT, "| nginx added latency at %.0f/s, p50 / p99 | %+.2f / %+.2f ms | |%n",
					nginxOpen.rate(), nginxOpen.p50() - directOpen.p50(), nginxOpen.p99() - directOpen.p99()));
		}
		if (pair != null && direct != null) {
			md.append(String.format(Locale.ROOT,
					"| pause + resume: pairs/s (control calls/s) closed loop | %.0f (%.0f) | |%n", pair.perSecond(),
					2 * pair.perSecond()));
			if (pair.unchanged() > 0) {
				md.append(String.format(Locale.ROOT, "| control calls that did not change the run | %d | 0 |%n",
						pair.unchanged()));
			}
		}
		if (pairOpen != null && directOpen != null) {
			double added = (pairOpen.p50() - 4 * directOpen.p50()) / 2;
			md.append(String.format(Locale.ROOT,
					"| pair at %.0f/s: added per control call, p50 ((pair − 4 × direct) / 2) | %+.2f ms | |%n",
					pairOpen.rate(), added));
		}
		return md.toString();
	}

	static String startup(List<StartupRow> rows, String machine) {
		StringBuilder md = new StringBuilder();
		md.append("Machine: ").append(machine).append(".\n\n");
		md.append("| JVM options | runs | start → ready, median ms | min | max | CPU to ready, median ms"
				+ " | idle RSS, median MB |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|\n");
		for (StartupRow row : rows) {
			md.append(String.format(Locale.ROOT, "| %s | %d | %.0f %s | %.0f | %.0f | %.0f | %.0f %s |%n", row.label(),
					row.runs(), row.median(), mark(row.median() <= 2500), row.min(), row.max(), row.cpu(), row.rss(),
					mark(row.rss() <= 250)));
		}
		md.append("\nTargets: start → ready ≤ 2500 ms, idle RSS ≤ 250 MB. CPU to ready is the process's CPU time "
				+ "(all threads) when it first answered UP: less sensitive to other load than the wall time.\n");
		return md.toString();
	}

	static String mark(boolean ok) {
		return ok ? "✅" : "❌";
	}

	static String replace(String text, String name, String content) {
		String begin = "<!-- bench:" + name + ":begin -->";
		String end = "<!-- bench:" + name + ":end -->";
		int from = text.indexOf(begin);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			throw new IllegalStateException("BENCHMARKS.md has no " + begin + " ... " + end + " block");
		}
		return text.substring(0, from + begin.length()) + "\n" + content + text.substring(to);
	}

	// ---------------------------------------------------------------------------- chart

	static final Color[] COLORS = { new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F),
			new Color(0xE15759), new Color(0x76B7B2) };

	static void chart(Map<String, Row> closed, Map<String, Row> open, List<StartupRow> startup, File file)
			throws IOException {
		int width = 1500;
		int height = 520;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		List<String> labels = new ArrayList<>();
		List<double[]> throughput = new ArrayList<>();
		List<double[]> latency = new ArrayList<>();
		for (String target : TARGETS) {
			if (closed.containsKey(target) && open.containsKey(target)) {
				labels.add(target);
				throughput.add(new double[] { closed.get(target).perSecond() });
				latency.add(new double[] { open.get(target).p50(), open.get(target).p99() });
			}
		}
		bars(g, 20, "Closed loop throughput (ops/s; a pair = 2 calls)", labels, throughput, new String[] { "ops/s" },
				"%.0f");
		Row anyOpen = open.values().stream().findFirst().orElse(null);
		String rate = (anyOpen != null) ? String.format(Locale.ROOT, "%.0f", anyOpen.rate()) : "?";
		bars(g, 520, "Fixed rate (" + rate + " ops/s; pairs at half): latency ms", labels, latency,
				new String[] { "p50", "p99" }, "%.2f");
		List<String> startLabels = new ArrayList<>();
		List<double[]> startValues = new ArrayList<>();
		for (StartupRow row : startup) {
			startLabels.add(row.label()
				.replace("recommended", "rec.")
				.replace("extracted", "extr.")
				.replace("Java 25:", "J25")
				.replace("Spring AOT mode", "Spring AOT")
				.replace("TieredStopAtLevel=1", "C1 only"));
			startValues.add(new double[] { row.median() / 1000.0, row.rss() / 100.0 });
		}
		bars(g, 1020, "Start → ready (s) and idle RSS (100 MB)", startLabels, startValues,
				new String[] { "ready s", "RSS /100 MB" }, "%.2f");
		g.dispose();
		file.getAbsoluteFile().getParentFile().mkdirs();
		ImageIO.write(image, "png", file);
	}

	private static void bars(Graphics2D g, int x0, String title, List<String> labels, List<double[]> values,
			String[] series, String format) {
		int width = 460;
		int top = 60;
		int bottom = 400;
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		g.drawString(title, x0, 30);
		double max = 0;
		for (double[] v : values) {
			for (double value : v) {
				max = Math.max(max, value);
			}
		}
		max = (max <= 0) ? 1 : max * 1.15;
		g.setStroke(new BasicStroke(1));
		g.setColor(Color.GRAY);
		g.drawLine(x0 + 10, bottom, x0 + width, bottom);
		int groups = Math.max(1, labels.size());
		int groupWidth = (width - 20) / groups;
		int barWidth = Math.max(8, (groupWidth - 16) / series.length);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		for (int i = 0; i < labels.size(); i++) {
			int gx = x0 + 18 + i * groupWidth;
			for (int s = 0; s < series.length; s++) {
				double value = values.get(i)[s];
				int h = (int) ((bottom - top) * value / max);
				g.setColor(COLORS[s % COLORS.length]);
				g.fillRect(gx + s * barWidth, bottom - h, barWidth - 2, h);
				g.setColor(Color.DARK_GRAY);
				g.drawString(String.format(Locale.ROOT, format, value), gx + s * barWidth, bottom - h - 4);
			}
			g.setColor(Color.BLACK);
			drawWrapped(g, labels.get(i), gx, bottom + 16, groupWidth - 4);
		}
		for (int s = 0; s < series.length; s++) {
			g.setColor(COLORS[s % COLORS.length]);
			g.fillRect(x0 + 10 + s * 110, 44, 10, 10);
			g.setColor(Color.BLACK);
			g.drawString(series[s], x0 + 24 + s * 110, 54);
		}
	}

	private static void drawWrapped(Graphics2D g, String text, int x, int y, int width) {
		StringBuilder line = new StringBuilder();
		int lineY = y;
		for (String word : text.split(" ")) {
			String candidate = line.isEmpty() ? word : line + " " + word;
			if (g.getFontMetrics().stringWidth(candidate) > width && !line.isEmpty()) {
				g.drawString(line.toString(), x, lineY);
				lineY += 13;
				line = new StringBuilder(word);
			}
			else {
				line = new StringBuilder(candidate);
			}
		}
		g.drawString(line.toString(), x, lineY);
	}

	private static double d(String value) {
		return Double.parseDouble(value.trim());
	}

}
