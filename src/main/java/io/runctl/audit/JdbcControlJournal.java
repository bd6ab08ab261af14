package io.runctl.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import io.runctl.pipeline.PipelineCoordinates;
import io.runctl.run.ControlJournal;
import io.runctl.run.ControlRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The audit trail in a relational database (H2 by default, PostgreSQL in production):
 * every write is its own committed statement, so a record is durable before the request
 * is answered.
 */
@Repository
class JdbcControlJournal implements ControlJournal {

	private static final int MAX_DETAIL = 1000;

	private final JdbcClient jdbc;

	JdbcControlJournal(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public long write(ControlRecord record) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO audit_record (recorded_at, completed_at, actor, action, run_id, user_id, app_id,
				  pipeline_id, pipeline_version_id, dry_run, previous_state, resulting_state, outcome, status,
				  reason, detail, request_id, upstream_request_id)
				VALUES (:at, :completed, :actor, :action, :runId, :userId, :appId, :pipelineId, :versionId, :dryRun,
				  :previous, :resulting, :outcome, :status, :reason, :detail, :requestId, :upstreamRequestId)
				""").params(columns(record)).param("at", now()).param("completed", null).update(keys, "id");
		Number id = keys.getKey();
		if (id == null) {
			throw new IllegalStateException("The database did not return the audit record's id");
		}
		return id.longValue();
	}

	@Override
	public void complete(long id, ControlRecord record) {
		int updated = this.jdbc.sql("""
				UPDATE audit_record SET completed_at = :completed, previous_state = :previous,
				  resulting_state = :resulting, outcome = :outcome, status = :status, detail = :detail,
				  upstream_request_id = :upstreamRequestId
				WHERE id = :id
				""").params(columns(record)).param("completed", now()).param("id", id).update();
		if (updated != 1) {
			throw new IllegalStateException("Audit record " + id + " does not exist");
		}
	}

	private static Map<String, @Nullable Object> columns(ControlRecord record) {
		PipelineCoordinates pipeline = record.pipeline();
		Map<String, @Nullable Object> columns = new java.util.HashMap<>();
		columns.put("actor", record.actor());
		columns.put("action", record.action());
		columns.put("runId", record.runId());
		columns.put("userId", (pipeline != null) ? pipeline.userId() : null);
		columns.put("appId", (pipeline != null) ? pipeline.appId() : null);
		columns.put("pipelineId", (pipeline != null) ? pipeline.pipelineId() : null);
		columns.put("versionId", (pipeline != null) ? pipeline.pipelineVersionId() : null);
		columns.put("dryRun", record.dryRun());
		columns.put("previous", (record.previousState() != null) ? record.previousState().name() : null);
		columns.put("resulting", (record.resultingState() != null) ? record.resultingState().name() : null);
		columns.put("outcome", record.outcome());
		columns.put("status", record.status());
		columns.put("reason", record.reason());
		columns.put("detail", shorten(record.detail()));
		columns.put("requestId", record.requestId());
		columns.put("upstreamRequestId", record.upstreamRequestId());
		return columns;
	}

	private static @Nullable String shorten(@Nullable String text) {
		return (text == null || text.length() <= MAX_DETAIL) ? text : text.substring(0, MAX_DETAIL);
	}

	private static OffsetDateTime now() {
		return OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
	}

}
