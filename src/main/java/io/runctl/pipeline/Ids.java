package io.runctl.pipeline;

import java.util.regex.Pattern;

import io.runctl.web.InvalidParameterException;
import org.jspecify.annotations.Nullable;

/**
 * The shape every id must have before it goes anywhere near the upstream (API.md section
 * 2).
 */
public final class Ids {

	/** The id rule of API.md section 2, as documented. */
	public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$";

	private static final Pattern ID = Pattern.compile(PATTERN);

	private Ids() {
	}

	public static boolean isValid(@Nullable String id) {
		return id != null && ID.matcher(id).matches();
	}

	/** The id itself, or a {@code 400 invalid-parameter} naming the parameter. */
	public static String require(String parameter, @Nullable String id) {
		if (!isValid(id)) {
			throw new InvalidParameterException(parameter, "'" + parameter
					+ "' must be 1 to 128 letters, digits, '_' or '-', starting with a letter or digit.");
		}
		return id;
	}

}
