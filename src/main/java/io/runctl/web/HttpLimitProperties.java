package io.runctl.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a request may carry.
 *
 * @param maxBodySize the largest request body accepted; larger ones are answered
 * {@code 413 payload-too-large} before anything reads them
 */
@ConfigurationProperties("runctl.http")
public record HttpLimitProperties(@DefaultValue("16KB") DataSize maxBodySize) {
}
