package io.runctl.platform;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The platform's answer to a status change it accepted.
 *
 * @param run the run as the platform returned it, when it did
 * @param upstreamRequestId the upstream's {@code status.req_id} of the change, when it
 * gave one (the audit trail keeps it)
 */
public record PatchedRun(Optional<PlatformRun> run, @Nullable String upstreamRequestId) {
}
