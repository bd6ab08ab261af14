package io.runctl.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;

/**
 * What a leak would show: live threads, open file descriptors (sockets included) and the
 * upstream connection pool's active connections (Reactor Netty's pool metrics).
 */
public record Leaks(int threads, long openFiles, double activeUpstreamConnections) {

	public static Leaks now() {
		return new Leaks(ManagementFactory.getThreadMXBean().getThreadCount(), countOpenFiles(),
				countActiveUpstreamConnections());
	}

	/** Open file descriptors of this process, or -1 where /proc is not available. */
	public static long countOpenFiles() {
		Path fds = Path.of("/proc/self/fd");
		if (!Files.isDirectory(fds)) {
			return -1;
		}
		try (Stream<Path> entries = Files.list(fds)) {
			return entries.count();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** Connections of the {@code upstream} pool currently lent out to a request. */
	public static double countActiveUpstreamConnections() {
		return Metrics.globalRegistry.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().equals("reactor.netty.connection.provider.active.connections"))
			.filter((meter) -> "upstream".equals(meter.getId().getTag("name")))
			.flatMap((meter) -> Stream.of(meter.measure())
				.flatMap((ms) -> java.util.stream.StreamSupport.stream(ms.spliterator(), false)))
			.mapToDouble(io.micrometer.core.instrument.Measurement::getValue)
			.sum();
	}

	public static boolean poolMetricsPresent() {
		return Metrics.globalRegistry.getMeters()
			.stream()
			.map(Meter::getId)
			.anyMatch((id) -> id.getName().startsWith("reactor.netty.connection.provider")
					&& "upstream".equals(id.getTag("name")));
	}

}
