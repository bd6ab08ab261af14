/**
 * HTTP concerns shared by every feature: problem details, request ids, API documentation.
 */
@NullMarked
package io.runctl.web;

import org.jspecify.annotations.NullMarked;
