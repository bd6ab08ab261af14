/**
 * The one outbound adapter to the upstream platform: its wire format, its client and its
 * failures.
 */
@NullMarked
package io.runctl.platform;

import org.jspecify.annotations.NullMarked;
