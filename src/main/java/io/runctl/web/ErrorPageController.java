package io.runctl.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Replaces the white-label error page: whatever reaches the servlet container's error
 * path (a filter's failure, a rejected URL) is answered as a problem too, never as HTML.
 */
@Hidden
@RestController
class ErrorPageController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (failure instanceof Throwable gone && Problems.isClientGone(gone)) {
			return null;
		}
		if (failure instanceof Throwable throwable && !(throwable instanceof jakarta.servlet.ServletException)) {
			return Problems.render(throwable, request);
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code == null && failure == null) {
			// Asked for directly: nothing failed, and there is nothing at this path.
			return Problems.render(new ResponseStatusException(HttpStatus.NOT_FOUND), request);
		}
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null || status.is2xxSuccessful()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		return Problems.render(new ResponseStatusException(status), request);
	}

}
