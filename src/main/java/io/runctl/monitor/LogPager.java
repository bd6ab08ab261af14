package io.runctl.monitor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.runctl.platform.PlatformLogPage;

/**
 * Reads a run's log the way CLARIFAI_API.md section 6.5 describes, with its cursor: ask
 * for a page ({@value #PER_PAGE} entries), keep the entries not seen yet (by {@code url},
 * or a hash of the message when there is none), and move to the next page only after a
 * full one. Numbers the new entries from 0 in log order.
 */
final class LogPager {

	static final int PER_PAGE = 50;

	private final Set<String> seen = new HashSet<>();

	private int page;

	private int nextEntry;

	/** The index of the first entry new on each page read so far; page 1 at 0. */
	private final List<Integer> pageStarts = new ArrayList<>();

	LogPager() {
		this(1, 0);
	}

	LogPager(int page, int firstEntry) {
		this.page = page;
		this.nextEntry = firstEntry;
		this.pageStarts.add(firstEntry);
	}

	/** An entry new to this pager, with its position in the run's log. */
	record Indexed(int index, PlatformLogPage.Entry entry) {
	}

	int page() {
		return this.page;
	}

	/** The page to start from, and its first entry, to find the lines after a cursor. */
	int[] startFor(Cursor after) {
		int firstPage = this.page - this.pageStarts.size() + 1;
		int wanted = Math.max(0, after.entry());
		for (int i = this.pageStarts.size() - 1; i > 0; i--) {
			if (this.pageStarts.get(i) <= wanted) {
				return new int[] { firstPage + i, this.pageStarts.get(i) };
			}
		}
		return new int[] { firstPage, this.pageStarts.get(0) };
	}

	/**
	 * Takes a page the upstream answered for {@link #page()}: answers its new entries,
	 * and moves on when the page was full.
	 * @return whether the page was full (another may follow)
	 */
	boolean accept(PlatformLogPage answer, List<Indexed> fresh) {
		if (answer.page() != this.page) {
			// Past the last page the upstream answers its last page instead: nothing new.
			return false;
		}
		for (PlatformLogPage.Entry entry : answer.entries()) {
			if (this.seen.add(key(entry))) {
				fresh.add(new Indexed(this.nextEntry++, entry));
			}
		}
		boolean full = answer.entries().size() >= PER_PAGE;
		if (full) {
			this.page++;
			this.pageStarts.add(this.nextEntry);
		}
		return full;
	}

	private static String key(PlatformLogPage.Entry entry) {
		if (entry.url() != null) {
			return "u:" + entry.url();
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(entry.message().getBytes(StandardCharsets.UTF_8));
			return "h:" + java.util.HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
