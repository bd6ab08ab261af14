import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Start-up to ready, and idle RSS: starts the command after {@code --}, polls the
 * readiness URL every 10 ms until it answers 200 with {@code "UP"}, waits
 * {@code --idle} seconds, reads VmRSS from {@code /proc/<pid>/status}, then stops the
 * process. Repeats {@code --runs} times and appends one tab-separated line to
 * {@code --out}: label, runs, start-up median, min, max (ms), idle RSS median (MB), CPU
 * time spent until ready, median (ms, all threads: JIT and GC included).
 */
public final class Startup {

	public static void main(String[] args) throws Exception {
		String label = "startup";
		int runs = 5;
		int port = 0;
		String path = "/actuator/health/readiness";
		double idle = 5;
		String out = null;
		String log = null;
		String dir = ".";
		int i = 0;
		for (; i < args.length && !args[i].equals("--"); i += 2) {
			String value = args[i + 1];
			switch (args[i]) {
				case "--label" -> label = value;
				case "--runs" -> runs = Integer.parseInt(value);
				case "--port" -> port = Integer.parseInt(value);
				case "--path" -> path = value;
				case "--idle" -> idle = Double.parseDouble(value);
				case "--out" -> out = value;
				case "--log" -> log = value;
				case "--dir" -> dir = value;
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		List<String> command = Arrays.asList(args).subList(i + 1, args.length);
		byte[] probe = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		double[] millis = new double[runs];
		double[] rss = new double[runs];
		double[] cpu = new double[runs];
		for (int run = 0; run < runs; run++) {
			waitUntilFree(port);
			ProcessBuilder builder = new ProcessBuilder(command).directory(new File(dir)).redirectErrorStream(true);
			builder.redirectOutput((log != null) ? ProcessBuilder.Redirect.appendTo(new File(log))
					: ProcessBuilder.Redirect.DISCARD);
			long start = System.nanoTime();
			Process process = builder.start();
			Thread stopper = new Thread(process::destroyForcibly);
			Runtime.getRuntime().addShutdownHook(stopper);
			try {
				long deadline = start + TimeUnit.SECONDS.toNanos(180);
				while (!ready(port, probe)) {
					if (!process.isAlive() || System.nanoTime() > deadline) {
						throw new IllegalStateException("the process did not become ready (see " + log + ")");
					}
					Thread.sleep(10);
				}
				millis[run] = (System.nanoTime() - start) / 1e6;
				cpu[run] = Load.cpuTicks(process.pid()) * 10.0;
				Thread.sleep((long) (idle * 1000));
				rss[run] = rssMegabytes(process.pid());
				System.out.printf(Locale.ROOT, "%s run %d: ready in %.0f ms (%.0f ms CPU), idle RSS %.1f MB%n", label,
						run + 1, millis[run], cpu[run], rss[run]);
			}
			finally {
				process.destroy();
				if (!process.waitFor(20, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					process.waitFor(5, TimeUnit.SECONDS);
				}
				Runtime.getRuntime().removeShutdownHook(stopper);
			}
		}
		double[] sorted = millis.clone();
		Arrays.sort(sorted);
		double[] sortedRss = rss.clone();
		Arrays.sort(sortedRss);
		double[] sortedCpu = cpu.clone();
		Arrays.sort(sortedCpu);
		String line = String.join("\t", label, Integer.toString(runs), fmt(sorted[runs / 2]), fmt(sorted[0]),
				fmt(sorted[runs - 1]), fmt(sortedRss[runs / 2]), fmt(sortedCpu[runs / 2]));
		System.out.println(line.replace('\t', ' '));
		if (out != null) {
			Files.writeString(Path.of(out), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
	}

	/**
	 * Waits until nothing listens on the port any more (the previous run may still be
	 * stopping), at most 60 s.
	 */
	private static void waitUntilFree(int port) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			try (java.net.Socket socket = new java.net.Socket()) {
				socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
			}
			catch (IOException ex) {
				return;
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("port " + port + " is still in use");
	}

	private static boolean ready(int port, byte[] probe) {
		Load.Http http = new Load.Http("127.0.0.1", port);
		try {
			int status = http.exchange(probe);
			return status == 200 && http.bodyContains("\"UP\"");
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
		finally {
			http.close();
		}
	}

	static double rssMegabytes(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				String[] parts = line.substring(6).trim().split("\\s+");
				return Long.parseLong(parts[0]) / 1024.0;
			}
		}
		return -1;
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
