import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A small load generator with exact percentiles, for the runctl benchmark harness.
 * <p>
 * Two load shapes:
 * <ul>
 * <li>closed loop ({@code --rate 0}): {@code --concurrency} connections, each sending its
 * next request as soon as the previous answer arrived: throughput;</li>
 * <li>open loop ({@code --rate R}): operations are due at a fixed rate whatever the
 * answers do, spread over {@code --concurrency} connections; latency is measured from the
 * moment an operation was due (not when it was sent), so a stall shows in the
 * percentiles instead of hiding in fewer samples (no coordinated omission).</li>
 * </ul>
 * An operation is one GET ({@code --get PATH}) or a pause + resume pair
 * ({@code --pause PATH --resume PATH}); {@code {run}} in a path is replaced by a run id
 * owned by the connection, so pairs on one run never overlap. Every latency is kept and
 * sorted: the percentiles are exact. Bounded by {@code --max} operations and by time.
 * <p>
 * Appends one tab-separated line to {@code --out}: label, shape, concurrency, rate,
 * operations, errors, unchanged, ops/s, p50, p90, p99, p99.9, max (ms), and with
 * {@code --cpu-pid} the CPU milliseconds that process spent per operation (warm-up
 * included; -1 without).
 * <p>
 * {@code Load startup ...} measures process start to readiness, and idle RSS.
 */
public final class Load {

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("startup")) {
			Startup.main(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		Options options = Options.parse(args);
		long cpuBefore = cpuTicks(options.cpuPid);
		Result result = (options.rate > 0) ? openLoop(options) : closedLoop(options);
		long cpuAfter = cpuTicks(options.cpuPid);
		if (options.cpuPid > 0 && result.allOperations > 0) {
			result = result.withCpu((cpuAfter - cpuBefore) * 10.0 / result.allOperations);
		}
		String line = result.line();
		System.out.println(line.replace('\t', ' '));
		if (options.out != null) {
			Files.writeString(Path.of(options.out), line + "\n", StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		if (result.operations == 0 || result.errors * 20 > result.operations) {
			System.err.println("too many errors: " + result.errors + " of " + result.operations + "; last: "
					+ result.lastError);
			System.exit(3);
		}
	}

	static Result closedLoop(Options options) throws InterruptedException {
		long start = System.nanoTime();
		long measureFrom = start + seconds(options.warmup);
		long measureTo = measureFrom + seconds(options.duration);
		AtomicLong budget = new AtomicLong(options.max);
		Worker[] workers = new Worker[options.concurrency];
		Thread[] threads = new Thread[options.concurrency];
		for (int i = 0; i < workers.length; i++) {
			Worker worker = new Worker(options, i);
			workers[i] = worker;
			threads[i] = new Thread(() -> {
				while (true) {
					long begin = System.nanoTime();
					if (begin >= measureTo || (begin >= measureFrom && budget.decrementAndGet() < 0)) {
						break;
					}
					worker.operate(begin, begin >= measureFrom, measureTo);
				}
				worker.close();
			}, "load-" + i);
			threads[i].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long measured = Math.min(System.nanoTime(), measureTo) - measureFrom;
		return Result.of(options, "closed", workers, measured);
	}

	static Result openLoop(Options options) throws InterruptedException {
		long period = Math.max(1, (long) (1e9 / options.rate));
		long warmupSlots = (long) (options.warmup * options.rate);
		long totalSlots = Math.min(warmupSlots + options.max, (long) ((options.warmup + options.duration)
				* options.rate));
		long start = System.nanoTime() + 50_000_000L;
		long measureFrom = start + warmupSlots * period;
		long hardStop = start + seconds(options.warmup + options.duration + 30);
		AtomicLong next = new AtomicLong();
		Worker[] workers = new Worker[options.concurrency];
		Thread[] threads = new Thread[options.concurrency];
		for (int i = 0; i < workers.length; i++) {
			Worker worker = new Worker(options, i);
			workers[i] = worker;
			threads[i] = new Thread(() -> {
				while (true) {
					long slot = next.getAndIncrement();
					if (slot >= totalSlots) {
						break;
					}
					long due = start + slot * period;
					long now;
					while ((now = System.nanoTime()) < due) {
						LockSupport.parkNanos(due - now);
					}
					if (now > hardStop) {
						break;
					}
					worker.operate(due, slot >= warmupSlots, Long.MAX_VALUE);
				}
				worker.close();
			}, "load-" + i);
			threads[i].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long measured = (totalSlots - warmupSlots) * period;
		Result result = Result.of(options, "open", workers, measured);
		return result;
	}

	/**
	 * The user + system CPU time of a process, in clock ticks (10 ms), from
	 * /proc/PID/stat.
	 */
	static long cpuTicks(long pid) throws IOException {
		if (pid <= 0) {
			return 0;
		}
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	static long seconds(double seconds) {
		return (long) (seconds * 1e9);
	}

	/** One connection and the latencies of the operations it made. */
	static final class Worker {

		private final Options options;

		private final String runId;

		private final byte[] get;

		private final byte[] pause;

		private final byte[] resume;

		private final Http http;

		long[] latencies = new long[1024];

		int count;

		long all;

		long errors;

		long unchanged;

		String lastError = "";

		Worker(Options options, int index) {
			this.options = options;
			this.runId = options.runPrefix + "w" + index;
			this.get = (options.get != null) ? request("GET", options.get) : null;
			this.pause = (options.pause != null) ? request("POST", options.pause) : null;
			this.resume = (options.resume != null) ? request("POST", options.resume) : null;
			this.http = new Http(options.host, options.port);
		}

		private byte[] request(String method, String path) {
			StringBuilder text = new StringBuilder();
			text.append(method).append(' ').append(path.replace("{run}", this.runId)).append(" HTTP/1.1\r\n");
			text.append("Host: ").append(this.options.host).append(':').append(this.options.port).append("\r\n");
			for (String header : this.options.headers) {
				text.append(header).append("\r\n");
			}
			if (method.equals("POST")) {
				text.append("Content-Length: 0\r\n");
			}
			text.append("\r\n");
			return text.toString().getBytes(StandardCharsets.US_ASCII);
		}

		/**
		 * One operation, due at {@code due}; kept when {@code measure} and it ended
		 * before {@code until}.
		 */
		void operate(long due, boolean measure, long until) {
			boolean ok;
			if (this.get != null) {
				ok = call(this.get, false);
			}
			else {
				ok = call(this.pause, true) && call(this.resume, true);
			}
			long end = System.nanoTime();
			this.all++;
			if (!measure || end > until) {
				return;
			}
			if (!ok) {
				this.errors++;
			}
			if (this.count == this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
			}
			this.latencies[this.count++] = end - due;
		}

		private boolean call(byte[] request, boolean control) {
			try {
				int status = this.http.exchange(request);
				if (status != 200) {
					this.lastError = "HTTP " + status + " " + this.http.bodyText();
					return false;
				}
				if (control && !this.http.bodyContains("\"changed\":true")) {
					this.unchanged++;
				}
				return true;
			}
			catch (IOException ex) {
				this.lastError = ex.toString();
				this.http.close();
				return false;
			}
		}

		void close() {
			this.http.close();
		}

	}

	/**
	 * A minimal blocking HTTP/1.1 keep-alive client: enough for Content-Length and
	 * chunked answers, reconnects when the server closes.
	 */
	static final class Http {

		private final String host;

		private final int port;

		private Socket socket;

		private OutputStream out;

		private InputStream in;

		private byte[] body = new byte[8192];

		private int bodyLength;

		private final byte[] line = new byte[8192];

		Http(String host, int port) {
			this.host = host;
			this.port = port;
		}

		int exchange(byte[] request) throws IOException {
			if (this.socket == null) {
				connect();
			}
			this.out.write(request);
			this.out.flush();
			int lineLength = readLine();
			if (lineLength < 12) {
				throw new IOException("no status line");
			}
			int status = Integer.parseInt(new String(this.line, 9, 3, StandardCharsets.US_ASCII));
			long contentLength = -1;
			boolean chunked = false;
			boolean close = false;
			while ((lineLength = readLine()) > 0) {
				String header = new String(this.line, 0, lineLength, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
				if (header.startsWith("content-length:")) {
					contentLength = Long.parseLong(header.substring(15).trim());
				}
				else if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
					chunked = true;
				}
				else if (header.startsWith("connection:") && header.contains("close")) {
					close = true;
				}
			}
			this.bodyLength = 0;
			if (chunked) {
				while (true) {
					int sizeLength = readLine();
					String size = new String(this.line, 0, sizeLength, StandardCharsets.US_ASCII);
					int semicolon = size.indexOf(';');
					int chunk = Integer.parseInt((semicolon >= 0) ? size.substring(0, semicolon).trim() : size.trim(),
							16);
					if (chunk == 0) {
						while (readLine() > 0) {
							// trailers
						}
						break;
					}
					readBody(chunk);
					readLine();
				}
			}
			else if (contentLength > 0) {
				readBody((int) contentLength);
			}
			else if (contentLength < 0 && close) {
				// No length and the connection closes: the body runs to the end of the stream
				// (Jetty answers a "Connection: close" request so).
				readToEnd();
			}
			if (close) {
				close();
			}
			return status;
		}

		boolean bodyContains(String text) {
			byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
			outer: for (int i = 0; i + needle.length <= this.bodyLength; i++) {
				for (int j = 0; j < needle.length; j++) {
					if (this.body[i + j] != needle[j]) {
						continue outer;
					}
				}
				return true;
			}
			return false;
		}

		String bodyText() {
			return new String(this.body, 0, Math.min(this.bodyLength, 300), StandardCharsets.UTF_8);
		}

		private void readBody(int length) throws IOException {
			if (this.bodyLength + length > this.body.length) {
				this.body = Arrays.copyOf(this.body, Math.max(this.body.length * 2, this.bodyLength + length));
			}
			int read = 0;
			while (read < length) {
				int n = this.in.read(this.body, this.bodyLength + read, length - read);
				if (n < 0) {
					throw new IOException("closed in body");
				}
				read += n;
			}
			this.bodyLength += length;
		}

		private void readToEnd() throws IOException {
			while (true) {
				if (this.bodyLength == this.body.length) {
					this.body = Arrays.copyOf(this.body, this.body.length * 2);
				}
				int n = this.in.read(this.body, this.bodyLength, this.body.length - this.bodyLength);
				if (n < 0) {
					return;
				}
				this.bodyLength += n;
			}
		}

		/** Reads one line without its CRLF into {@link #line}; answers its length. */
		private int readLine() throws IOException {
			int length = 0;
			while (true) {
				int b = this.in.read();
				if (b < 0) {
					throw new IOException("connection closed");
				}
				if (b == '\n') {
					return (length > 0 && this.line[length - 1] == '\r') ? length - 1 : length;
				}
				if (length < this.line.length) {
					this.line[length++] = (byte) b;
				}
			}
		}

		private void connect() throws IOException {
			Socket socket = new Socket();
			socket.setTcpNoDelay(true);
			socket.connect(new InetSocketAddress(this.host, this.port), 2000);
			socket.setSoTimeout(15_000);
			this.socket = socket;
			this.out = socket.getOutputStream();
			this.in = new BufferedInputStream(socket.getInputStream(), 16384);
		}

		void close() {
			if (this.socket != null) {
				try {
					this.socket.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
			this.socket = null;
		}

	}

	/** The summary of one run of operations. */
	record Result(Options options, String shape, long operations, long allOperations, long errors, long unchanged,
			double perSecond, double p50, double p90, double p99, double p999, double max, double cpuMillis,
			String lastError) {

		Result withCpu(double cpuMillis) {
			return new Result(this.options, this.shape, this.operations, this.allOperations, this.errors,
					this.unchanged, this.perSecond, this.p50, this.p90, this.p99, this.p999, this.max, cpuMillis,
					this.lastError);
		}

		static Result of(Options options, String shape, Worker[] workers, long measuredNanos) {
			int total = 0;
			long all = 0;
			long errors = 0;
			long unchanged = 0;
			String lastError = "";
			for (Worker worker : workers) {
				total += worker.count;
				all += worker.all;
				errors += worker.errors;
				unchanged += worker.unchanged;
				if (!worker.lastError.isEmpty()) {
					lastError = worker.lastError;
				}
			}
			long[] sorted = new long[total];
			int at = 0;
			for (Worker worker : workers) {
				System.arraycopy(worker.latencies, 0, sorted, at, worker.count);
				at += worker.count;
			}
			Arrays.sort(sorted);
			double perSecond = (measuredNanos > 0) ? total / (measuredNanos / 1e9) : 0;
			return new Result(options, shape, total, all, errors, unchanged, perSecond, ms(sorted, 0.50),
					ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999), (total > 0) ? sorted[total - 1] / 1e6 : 0, -1,
					lastError);
		}

		private static double ms(long[] sorted, double quantile) {
			if (sorted.length == 0) {
				return 0;
			}
			int index = (int) Math.ceil(quantile * sorted.length) - 1;
			return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
		}

		String line() {
			return String.join("\t", this.options.label, this.shape, Integer.toString(this.options.concurrency),
					fmt(this.options.rate), Long.toString(this.operations), Long.toString(this.errors),
					Long.toString(this.unchanged), fmt(this.perSecond), fmt3(this.p50), fmt3(this.p90), fmt3(this.p99),
					fmt3(this.p999), fmt3(this.max), fmt3(this.cpuMillis));
		}

		private static String fmt(double value) {
			return String.format(Locale.ROOT, "%.1f", value);
		}

		private static String fmt3(double value) {
			return String.format(Locale.ROOT, "%.3f", value);
		}

	}

	/** Command-line options. */
	static final class Options {

		String label = "load";

		String host = "127.0.0.1";

		int port;

		String get;

		String pause;

		String resume;

		final List<String> headers = new ArrayList<>();

		int concurrency = 8;

		double rate;

		double warmup = 2;

		double duration = 10;

		long max = 2_000_000;

		String runPrefix = "benchrun";

		String out;

		long cpuPid;

		static Options parse(String[] args) {
			Options options = new Options();
			for (int i = 0; i < args.length; i += 2) {
				String value = (i + 1 < args.length) ? args[i + 1] : "";
				switch (args[i]) {
					case "--label" -> options.label = value;
					case "--host" -> options.host = value;
					case "--port" -> options.port = Integer.parseInt(value);
					case "--get" -> options.get = value;
					case "--pause" -> options.pause = value;
					case "--resume" -> options.resume = value;
					case "--header" -> options.headers.add(value);
					case "--concurrency" -> options.concurrency = Integer.parseInt(value);
					case "--rate" -> options.rate = Double.parseDouble(value);
					case "--warmup" -> options.warmup = Double.parseDouble(value);
					case "--duration" -> options.duration = Double.parseDouble(value);
					case "--max" -> options.max = Long.parseLong(value);
					case "--run-prefix" -> options.runPrefix = value;
					case "--out" -> options.out = value;
					case "--cpu-pid" -> options.cpuPid = Long.parseLong(value);
					default -> throw new IllegalArgumentException("unknown option " + args[i]);
				}
			}
			if (options.port == 0 || (options.get == null && (options.pause == null || options.resume == null))) {
				PrintStream err = System.err;
				err.println("usage: Load --port P (--get PATH | --pause PATH --resume PATH) [--concurrency C]"
						+ " [--rate R] [--warmup S] [--duration S] [--max N] [--header H] [--label L] [--out FILE]");
				System.exit(2);
			}
			return options;
		}

	}

}
