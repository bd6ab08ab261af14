package io.runctl.sandbox;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.runctl.sandbox.SandboxWire.NewRun;
import io.runctl.sandbox.SandboxWire.PatchedRun;
import org.jspecify.annotations.Nullable;

/**
 * Reading the parts of the platform's requests the sandbox acts on, and the refusals they
 * earn.
 */
final class SandboxRequests {

	private static final Set<Phase> REQUESTABLE = Set.of(Phase.PAUSED, Phase.RUNNING, Phase.CANCELLED);

	private SandboxRequests() {
	}

	static Phase requestedPhase(@Nullable PatchedRun patched) {
		Object code = (patched != null && patched.orchestrationStatus() != null
				&& patched.orchestrationStatus().status() != null) ? patched.orchestrationStatus().status().code()
						: null;
		if (patched == null || patched.id() == null || patched.id().isEmpty()) {
			throw SandboxError.badArgument("every pipeline version run needs an id");
		}
		return Phase.ofCode(code)
			.filter(REQUESTABLE::contains)
			.orElseThrow(() -> SandboxError.badArgument("orchestration_status.status.code must be JOB_PAUSED (64008), "
					+ "JOB_RUNNING (64001) or JOB_CANCELLED (64004), got " + code));
	}

	static SandboxError refused(Phase target, Phase current) {
		String verb = switch (target) {
			case PAUSED -> "pause";
			case RUNNING -> "resume";
			case CANCELLED -> "cancel";
			case QUEUED, COMPLETED, FAILED -> "move";
		};
		return SandboxError.invalid("cannot " + verb + " pipeline version run in state " + current.codeName());
	}

	static Set<Phase> phases(@Nullable List<String> codes) {
		if (codes == null) {
			return Set.of();
		}
		EnumSet<Phase> phases = EnumSet.noneOf(Phase.class);
		for (String code : codes) {
			for (String part : code.split(",")) {
				if (!part.isBlank()) {
					phases.add(Phase.ofCode(part)
						.orElseThrow(() -> SandboxError.badArgument("unknown status code '" + part.strip() + "'")));
				}
			}
		}
		return phases;
	}

	static @Nullable String inputText(@Nullable NewRun run) {
		if (run == null || run.inputArgsOverride() == null || run.inputArgsOverride().argoArgsOverride() == null
				|| run.inputArgsOverride().argoArgsOverride().parameters() == null) {
			return null;
		}
		return run.inputArgsOverride()
			.argoArgsOverride()
			.parameters()
			.stream()
			.filter(Objects::nonNull)
			.map(SandboxWire.Parameter::value)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

}
