package io.runctl.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.stereotype.Component;

/**
 * The {@code config-lock.yaml} that {@code clarifai pipeline upload} writes, read for
 * default pipeline coordinates. It is read again whenever its modification time or size
 * changes; a missing file is no error, a malformed one is logged, shown in health and
 * treated as absent.
 */
@Component
class LockFile {

	private static final Logger log = LoggerFactory.getLogger(LockFile.class);

	/** What the file says; every field may be missing. */
	record Defaults(@Nullable String userId, @Nullable String appId, @Nullable String pipelineId,
			@Nullable String pipelineVersionId) {

		static final Defaults NONE = new Defaults(null, null, null, null);

		boolean namesAny() {
			return this.userId != null || this.appId != null || this.pipelineId != null
					|| this.pipelineVersionId != null;
		}

	}

	/**
	 * The file as last read: its stamp, what it said, what was wrong with it, and when it
	 * was read.
	 */
	record Snapshot(@Nullable FileTime modified, long size, Defaults defaults, @Nullable String error, Instant readAt) {

		boolean present() {
			return this.modified != null;
		}

		/**
		 * Whether the file as it is now is the one this snapshot read. A stamp is only
		 * trusted once it is older than the file system's time granularity was at read
		 * time: a rewrite within the same tick keeps the stamp (and, with ids of a fixed
		 * length, the size), so until then the file is read again.
		 */
		boolean describes(BasicFileAttributes attributes) {
			return attributes.lastModifiedTime().equals(this.modified) && attributes.size() == this.size
					&& this.readAt.isAfter(this.modified.toInstant().plus(STAMP_GRANULARITY));
		}

		boolean sameVersionAs(Snapshot other) {
			return Objects.equals(this.modified, other.modified) && this.size == other.size;
		}

	}

	/** The coarsest modification-time granularity of common file systems (FAT: 2 s). */
	private static final Duration STAMP_GRANULARITY = Duration.ofSeconds(2);

	private static final Snapshot ABSENT = new Snapshot(null, -1, Defaults.NONE, null, Instant.EPOCH);

	private final Path path;

	private final YAMLMapper yaml = new YAMLMapper();

	private volatile Snapshot snapshot = ABSENT;

	LockFile(PipelineProperties properties) {
		this.path = properties.lockFile();
	}

	Path path() {
		return this.path;
	}

	/** The file's current content, read again if it changed on disk. */
	Snapshot current() {
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(this.path, BasicFileAttributes.class);
		}
		catch (NoSuchFileException ex) {
			this.snapshot = ABSENT;
			return ABSENT;
		}
		catch (IOException ex) {
			return remember(new Snapshot(FileTime.fromMillis(0), -1, Defaults.NONE,
					"cannot be read: " + ex.getMessage(), Instant.now()));
		}
		Snapshot known = this.snapshot;
		if (known.present() && known.describes(attributes)) {
			return known;
		}
		return remember(read(attributes));
	}

	private synchronized Snapshot remember(Snapshot next) {
		Snapshot previous = this.snapshot;
		this.snapshot = next;
		if (next.error() != null && !(next.error().equals(previous.error()) && next.sameVersionAs(previous))) {
			log.warn("Lock file {} is malformed and is ignored: {}", this.path, next.error());
		}
		else if (next.error() == null && next.present() && !next.defaults().equals(previous.defaults())) {
			log.info("Lock file {} read: default pipeline {}", this.path, next.defaults());
		}
		return next;
	}

	private Snapshot read(BasicFileAttributes attributes) {
		Instant readAt = Instant.now();
		try {
			JsonNode root = this.yaml.readTree(Files.readAllBytes(this.path));
			if (root == null || root.isMissingNode() || root.isNull()) {
				return new Snapshot(attributes.lastModifiedTime(), attributes.size(), Defaults.NONE,
						"the file is empty", readAt);
			}
			JsonNode pipeline = root.get("pipeline");
			if (pipeline == null || !pipeline.isObject()) {
				return new Snapshot(attributes.lastModifiedTime(), attributes.size(), Defaults.NONE,
						"it has no 'pipeline' mapping", readAt);
			}
			Defaults defaults = new Defaults(scalar(pipeline, "user_id"), scalar(pipeline, "app_id"),
					scalar(pipeline, "id"), scalar(pipeline, "version_id"));
			return new Snapshot(attributes.lastModifiedTime(), attributes.size(), defaults, null, readAt);
		}
		catch (IOException | RuntimeException ex) {
			return new Snapshot(attributes.lastModifiedTime(), attributes.size(), Defaults.NONE,
					"it is not valid YAML (" + firstLine(ex.getMessage()) + ")", readAt);
		}
	}

	private static @Nullable String scalar(JsonNode parent, String field) {
		JsonNode node = parent.get(field);
		if (node == null || !node.isValueNode() || node.isNull()) {
			return null;
		}
		String value = node.asString();
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "unreadable";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

}
