/**
 * runctl: control ML pipeline runs in real time over HTTP and server-sent events.
 */
@NullMarked
package io.runctl;

import org.jspecify.annotations.NullMarked;
