/**
 * Which pipeline a request addresses: coordinates, id rules and the config-lock.yaml
 * defaults.
 */
@NullMarked
package io.runctl.pipeline;

import org.jspecify.annotations.NullMarked;
