package io.runctl.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems an operation can answer with, documented in OpenAPI as
 * {@code application/problem+json} responses with an example each.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemResponses {

	/** The problems this operation itself can answer with. */
	ProblemType[] value() default {};

	/**
	 * Whether the operation calls the upstream, and so can also answer with every
	 * upstream problem (429, 502, 503, 504).
	 */
	boolean upstream() default false;

}
