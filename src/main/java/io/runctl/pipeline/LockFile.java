package io.runctl.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

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

	}

	/** The file as last read: its stamp, what it said, and what was wrong with it. */
	record Snapshot(@Nullable FileTime modified, long size, Defaults defaults, @Nullable String error) {

		boolean present() {
			return this.modified != null;
		}

	}

	private static final Snapshot ABSENT = new Snapshot(null, -1, Defaults.NONE, null);

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
			return remember(
					new Snapshot(FileTime.fromMillis(0), -1, Defaults.NONE, "cannot be read: " + ex.getMessage()));
		}
		Snapshot known = this.snapshot;
		if (attributes.lastModifiedTime().equals(known.modified()) && attributes.size() == known.size()) {
			return known;
		}
		return remember(read(attributes));
	}

	private synchronized Snapshot remember(Snapshot next) {
		Snapshot previous = this.snapshot;
		this.snapshot = next;
		if (next.error() != null && !next.error().equals(previous.error())) {
			log.warn("Lock file {} is malformed and is ignored: {}", this.path, next.error());
		}
		else if (next.error() == null && next.present() && !next.defaults().equals(previous.defaults())) {
			log.info("Lock file {} read: default pipeline {}", this.path, next.defaults());
		}
		return next;
	}

	private Snapshot read(BasicFileAttributes attributes) {
		try {
			JsonNode root = this.yaml.readTree(Files.readAllBytes(this.path));
			if (root == null || root.isMissingNode() || root.isNull()) {
				return new Snapshot(attributes.lastModifiedTime(), attributes.size(), Defaults.NONE,
						"the file is empty");
			}
			JsonNode pipeline = root.get("pipeline");
			if (pipeline == null || !pipeline.isObject()) {
				return new Snapshot(attributes.lastModifiedTime(), attributes.size(), Defaults.NONE,
						"it has no 'pipeline' mapping");
			}
			Defaults defaults = new Defaults(scalar(pipeline, "user_id"), scalar(pipeline, "app_id"),
					scalar(pipeline, "id"), scalar(pipeline, "version_id"));
			return new Snapshot(attributes.lastModifiedTime(), attributes.size(), defaults, null);
		}
		catch (IOException | RuntimeException ex) {
			return new Snapshot(attributes.lastModifiedTime(), attributes.size(), Defaults.NONE,
					"it is not valid YAML (" + firstLine(ex.getMessage()) + ")");
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
