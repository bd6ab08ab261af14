package io.runctl.sandbox;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A page of a list: {@code page} from 1, {@code perPage} at most 1000. */
record Paging(int page, int perPage) {

	static final int MAX_PER_PAGE = 1000;

	static Paging of(@Nullable Integer page, int defaultPage, @Nullable Integer perPage, int defaultPerPage) {
		return new Paging((page == null || page <= 0) ? defaultPage : page, perPage(perPage, defaultPerPage));
	}

	static int perPage(@Nullable Integer perPage, int defaultPerPage) {
		return (perPage == null || perPage <= 0) ? defaultPerPage : Math.min(perPage, MAX_PER_PAGE);
	}

	<T> List<T> slice(List<T> all) {
		long from = (long) (this.page - 1) * this.perPage;
		if (from >= all.size()) {
			return List.of();
		}
		return all.subList((int) from, (int) Math.min(all.size(), from + this.perPage));
	}

}
