/**
 * The built-in sandbox platform: a simulated upstream with Clarifai's wire format.
 */
@NullMarked
package io.runctl.sandbox;

import org.jspecify.annotations.NullMarked;
