package io.runctl.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every exception a controller lets through becomes a problem here.
 */
@RestControllerAdvice
class ProblemHandler {

	@ExceptionHandler(Throwable.class)
	ResponseEntity<ProblemDetail> handle(Throwable failure, HttpServletRequest request) {
		if (Problems.isClientGone(failure)) {
			return null;
		}
		return Problems.render(failure, request);
	}

}
