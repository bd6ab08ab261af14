/**
 * The run resource, its state table and the pause, resume and cancel actions.
 */
@NullMarked
package io.runctl.run;

import org.jspecify.annotations.NullMarked;
