import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording: the hottest methods by CPU samples (self and total), the
 * hottest runctl methods, and the allocation pressure by class.
 * <p>
 * Usage: {@code java JfrTop recording.jfr [lines]}, or {@code java JfrTop --alloc
 * recording.jfr} for the bytes allocated during a recording made with bench/alloc.jfc.
 */
public final class JfrTop {

	public static void main(String[] args) throws Exception {
		if (args[0].equals("--alloc")) {
			System.out.println(allocated(Path.of(args[1])));
			return;
		}
		int lines = (args.length > 1) ? Integer.parseInt(args[1]) : 25;
		Map<String, Long> self = new HashMap<>();
		Map<String, Long> total = new HashMap<>();
		Map<String, Long> ours = new HashMap<>();
		Map<String, Long> allocations = new HashMap<>();
		Map<String, Long> allocationSites = new HashMap<>();
		Map<String, Long> threads = new HashMap<>();
		long samples = 0;
		long allocated = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			String type = event.getEventType().getName();
			if (type.equals("jdk.ExecutionSample")) {
				RecordedStackTrace stack = event.getStackTrace();
				if (stack == null || stack.getFrames().isEmpty()) {
					continue;
				}
				samples++;
				List<RecordedFrame> frames = stack.getFrames();
				self.merge(name(frames.get(0)), 1L, Long::sum);
				Set<String> seen = new HashSet<>();
				for (RecordedFrame frame : frames) {
					String name = name(frame);
					if (seen.add(name)) {
						total.merge(name, 1L, Long::sum);
						if (name.startsWith("io.runctl.")) {
							ours.merge(name, 1L, Long::sum);
						}
					}
				}
				String thread = event.getThread("sampledThread") != null
						? event.getThread("sampledThread").getJavaName() : "?";
				threads.merge((thread != null) ? thread.replaceAll("[0-9]+", "N") : "?", 1L, Long::sum);
			}
			else if (type.equals("jdk.ObjectAllocationSample")) {
				long weight = event.getLong("weight");
				allocated += weight;
				allocations.merge(event.getClass("objectClass").getName(), weight, Long::sum);
				RecordedStackTrace stack = event.getStackTrace();
				if (stack != null) {
					String site = stack.getFrames()
						.stream()
						.map(JfrTop::name)
						.filter((frame) -> !frame.startsWith("java.") && !frame.startsWith("jdk.")
								&& !frame.startsWith("sun."))
						.findFirst()
						.orElse("(JDK only)");
					allocationSites.merge(site, weight, Long::sum);
				}
			}
		}
		System.out.printf("CPU samples: %d%n", samples);
		print("Top methods (self)", self, samples, lines);
		print("Top methods (total, incl. callees)", total, samples, lines);
		print("runctl methods (total)", ours, samples, lines);
		print("Threads", threads, samples, 10);
		System.out.printf("%nAllocation samples: %.1f MB sampled weight%n", allocated / 1e6);
		print("Allocations by class (weight)", allocations, allocated, 15);
		print("Allocations by first non-JDK frame (weight)", allocationSites, allocated, lines);
	}

	/**
	 * The bytes all threads allocated during a recording made with bench/alloc.jfc: per
	 * thread, the last counter minus the first; JFR's own threads and the attach listener
	 * (which starts the recording) are left out.
	 */
	static long allocated(Path recording) throws Exception {
		Map<Long, long[]> range = new HashMap<>();
		for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
			if (event.getEventType().getName().equals("jdk.ThreadAllocationStatistics")) {
				long bytes = event.getLong("allocated");
				String name = event.getThread("thread").getJavaName();
				if (name == null || name.startsWith("JFR") || name.equals("Attach Listener")) {
					continue;
				}
				long thread = event.getThread("thread").getId();
				range.merge(thread, new long[] { bytes, bytes },
						(a, b) -> new long[] { Math.min(a[0], b[0]), Math.max(a[1], b[1]) });
			}
		}
		return range.values().stream().mapToLong((r) -> r[1] - r[0]).sum();
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static void print(String title, Map<String, Long> counts, long all, int lines) {
		System.out.printf("%n%s%n", title);
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
			.limit(lines)
			.forEach((entry) -> System.out.printf("  %5.1f%%  %s%n", 100.0 * entry.getValue() / Math.max(1, all),
					entry.getKey()));
	}

}
