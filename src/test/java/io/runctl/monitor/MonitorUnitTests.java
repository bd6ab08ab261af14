package io.runctl.monitor;

import java.util.ArrayList;
import java.util.List;

import io.runctl.platform.PlatformLogPage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of cursors, lines and log pages.
 */
class MonitorUnitTests {

	@Test
	void cursorShouldParseOrderAndRejectJunk() {
		assertThat(Cursor.parse("3.1")).contains(new Cursor(3, 1));
		assertThat(Cursor.parse("3.1").orElseThrow().toString()).isEqualTo("3.1");
		assertThat(new Cursor(3, 1).isAfter(new Cursor(2, 9))).isTrue();
		assertThat(new Cursor(3, 1).isAfter(new Cursor(3, 1))).isFalse();
		assertThat(new Cursor(0, 0).isAfter(Cursor.START)).isTrue();
		assertThat(Cursor.parse("3")).isEmpty();
		assertThat(Cursor.parse("a.1")).isEmpty();
		assertThat(Cursor.parse("-1.2")).isEmpty();
		assertThat(Cursor.parse("1.2.3")).isEmpty();
		assertThat(Cursor.parse("99999999999.1")).isEmpty();
	}

	@Test
	void entryShouldSplitIntoLinesReadingJsonWithMsg() {
		List<LogLines.Line> lines = LogLines.split(
				"  time=\"x\" level=info msg=\"Starting\"\n{\"msg\": \"stepA done\", \"@timestamp\": \"2026-04-23T13:40:31.002Z\", "
						+ "\"level\": \"info\"}\n{\"no_msg\": 1}\r\nplain\n",
				"u1");
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).isEqualTo(new LogLines.Line("time=\"x\" level=info msg=\"Starting\"",
				"time=\"x\" level=info msg=\"Starting\"", null, null, "u1"));
		assertThat(lines.get(1).line()).isEqualTo("stepA done");
		assertThat(lines.get(1).level()).isEqualTo("info");
		assertThat(lines.get(1).at()).isEqualTo("2026-04-23T13:40:31.002Z");
		assertThat(lines.get(2)).isEqualTo(new LogLines.Line("{\"no_msg\": 1}", "{\"no_msg\": 1}", null, null, "u1"));
		assertThat(lines.get(3).line()).isEqualTo("plain");
		assertThat(LogLines.split("  \n ", "u2")).isEmpty();
	}

	@Test
	void pagerShouldMoveOnAfterAFullPageAndSkipEntriesSeenBefore() {
		LogPager pager = new LogPager();
		List<LogPager.Indexed> fresh = new ArrayList<>();
		assertThat(pager.accept(page(1, 0, 30), fresh)).isFalse();
		assertThat(fresh).extracting(LogPager.Indexed::index).containsExactlyElementsOf(range(0, 30));
		assertThat(pager.page()).isEqualTo(1);

		fresh.clear();
		assertThat(pager.accept(page(1, 0, 50), fresh)).isTrue();
		assertThat(fresh).extracting(LogPager.Indexed::index).containsExactlyElementsOf(range(30, 50));
		assertThat(pager.page()).isEqualTo(2);

		fresh.clear();
		// Asked for page 2, the upstream answered its last page (1): nothing new.
		assertThat(pager.accept(page(1, 0, 50), fresh)).isFalse();
		assertThat(fresh).isEmpty();
		assertThat(pager.page()).isEqualTo(2);

		fresh.clear();
		PlatformLogPage noUrls = new PlatformLogPage(List.of(new PlatformLogPage.Entry(null, "a"),
				new PlatformLogPage.Entry(null, "a"), new PlatformLogPage.Entry(null, "b")), 2, 50);
		assertThat(pager.accept(noUrls, fresh)).isFalse();
		assertThat(fresh).extracting((entry) -> entry.entry().message()).containsExactly("a", "b");
		assertThat(pager.startFor(new Cursor(51, 0))).containsExactly(2, 50);
		assertThat(pager.startFor(new Cursor(10, 0))).containsExactly(1, 0);
	}

	static PlatformLogPage page(int page, int from, int to) {
		return new PlatformLogPage(
				range(from, to).stream().map((i) -> new PlatformLogPage.Entry("u" + i, "m" + i)).toList(), page, 50);
	}

	static List<Integer> range(int from, int to) {
		List<Integer> values = new ArrayList<>();
		for (int i = from; i < to; i++) {
			values.add(i);
		}
		return values;
	}

}
