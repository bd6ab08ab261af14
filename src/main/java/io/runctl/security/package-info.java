/**
 * Who may call the API: API keys, roles, pipeline scopes and the request budget.
 */
@NullMarked
package io.runctl.security;

import org.jspecify.annotations.NullMarked;
