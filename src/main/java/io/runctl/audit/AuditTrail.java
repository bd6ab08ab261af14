package io.runctl.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads the audit trail, newest first, a page at a time (keyset paging on the id).
 */
@Service
class AuditTrail {

	private final JdbcClient jdbc;

	AuditTrail(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The filter of one page; every field but the limit is optional. */
	record Query(@Nullable String runId, @Nullable String actor, @Nullable Instant since, @Nullable Long before,
			int limit) {
	}

	/**
	 * @param nextBefore the {@code before} of the next (older) page; {@code null} on the
	 * last page
	 */
	record Page(List<AuditRecord> records, int limit, @Nullable Long nextBefore) {
	}

	Page find(Query query) {
		List<String> conditions = new ArrayList<>();
		Map<String, Object> params = new HashMap<>();
		if (query.runId() != null) {
			conditions.add("run_id = :runId");
			params.put("runId", query.runId());
		}
		if (query.actor() != null) {
			conditions.add("actor = :actor");
			params.put("actor", query.actor());
		}
		if (query.since() != null) {
			conditions.add("recorded_at >= :since");
			params.put("since", OffsetDateTime.ofInstant(query.since(), ZoneOffset.UTC));
		}
		if (query.before() != null) {
			conditions.add("id < :before");
			params.put("before", query.before());
		}
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		// One more than asked for tells whether an older page exists.
		List<AuditRecord> rows = this.jdbc
			.sql("SELECT * FROM audit_record" + where + " ORDER BY id DESC FETCH FIRST " + (query.limit() + 1)
					+ " ROWS ONLY")
			.params(params)
			.query((rs, row) -> map(rs))
			.list();
		if (rows.size() <= query.limit()) {
			return new Page(rows, query.limit(), null);
		}
		List<AuditRecord> page = rows.subList(0, query.limit());
		return new Page(List.copyOf(page), query.limit(), page.get(page.size() - 1).id());
	}

	private static AuditRecord map(ResultSet rs) throws SQLException {
		return new AuditRecord(rs.getLong("id"), instant(rs, "recorded_at"), instant(rs, "completed_at"),
				rs.getString("actor"), rs.getString("action"), rs.getString("run_id"), rs.getString("user_id"),
				rs.getString("app_id"), rs.getString("pipeline_id"), rs.getString("pipeline_version_id"),
				rs.getBoolean("dry_run"), rs.getString("previous_state"), rs.getString("resulting_state"),
				rs.getString("outcome"), (Integer) rs.getObject("status", Integer.class), rs.getString("reason"),
				rs.getString("detail"), rs.getString("request_id"), rs.getString("upstream_request_id"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
