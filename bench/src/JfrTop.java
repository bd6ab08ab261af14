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
 * Usage: {@code java JfrTop recording.jfr [lines]}.
 */
public final class JfrTop {

	public static void main(String[] args) throws Exception {
		int lines = (args.length > 1) ? Integer.parseInt(args[1]) : 25;
		Map<String, Long> self = new HashMap<>();
		Map<String, Long> total = new HashMap<>();
		Map<String, Long> ours = new HashMap<>();
		Map<String, Long> allocations = new HashMap<>();
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
			}
		}
		System.out.printf("CPU samples: %d%n", samples);
		print("Top methods (self)", self, samples, lines);
		print("Top methods (total, incl. callees)", total, samples, lines);
		print("runctl methods (total)", ours, samples, lines);
		print("Threads", threads, samples, 10);
		System.out.printf("%nAllocation samples: %.1f MB sampled weight%n", allocated / 1e6);
		print("Allocations by class (weight)", allocations, allocated, 15);
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
