package io.runctl.pipeline;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lockFile the {@code config-lock.yaml} that gives default pipeline coordinates
 */
@ConfigurationProperties("runctl")
record PipelineProperties(@DefaultValue("./config-lock.yaml") Path lockFile) {
}
