/**
 * The monitor stream: one shared watcher per run, its bounded feed, and resumable SSE.
 */
@NullMarked
package io.runctl.monitor;

import org.jspecify.annotations.NullMarked;
