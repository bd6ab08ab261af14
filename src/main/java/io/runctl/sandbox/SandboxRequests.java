package io.runctl.sandbox;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import io.runctl.sandbox.SandboxWire.NewRun;
import io.runctl.sandbox.SandboxWire.PatchedRun;
import org.jspecify.annotations.Nullable;

/**
 * Reading the parts of the platform's requests the sandbox acts on, and the refusals they
 * earn.
 */
final class SandboxRequests {

	/** The platform's legacy "success" code, which also means completed. */
	private static final String LEGACY_SUCCESS = "10000";

	/** JOB_UNEXPECTED_ERROR and JOB_CONFLICT, by number and by name. */
	private static final Set<String> UNREACHED_JOB_CODES = Set.of("64006", "JOB_UNEXPECTED_ERROR", "64007",
			"JOB_CONFLICT");

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

	/**
	 * The filter a {@code status_codes} parameter asks for. Job codes no simulated run
	 * reaches (UNEXPECTED_ERROR, CONFLICT) are valid and match nothing; the legacy
	 * success code means COMPLETED, as on the platform.
	 */
	static Predicate<Phase> phases(@Nullable List<String> codes) {
		if (codes == null) {
			return (phase) -> true;
		}
		EnumSet<Phase> phases = EnumSet.noneOf(Phase.class);
		boolean any = false;
		for (String code : codes) {
			for (String part : code.split(",")) {
				String name = part.strip();
				if (name.isEmpty()) {
					continue;
				}
				any = true;
				if (LEGACY_SUCCESS.equals(name)) {
					phases.add(Phase.COMPLETED);
				}
				else if (!UNREACHED_JOB_CODES.contains(name)) {
					phases.add(Phase.ofCode(name)
						.orElseThrow(() -> SandboxError.badArgument("unknown status code '" + name + "'")));
				}
			}
		}
		return any ? phases::contains : (phase) -> true;
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
