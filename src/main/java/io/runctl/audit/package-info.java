/**
 * The audit trail of control actions: who asked what, and what came of it.
 */
@NullMarked
package io.runctl.audit;

import org.jspecify.annotations.NullMarked;
