package io.runctl.sandbox;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Where the sandbox platform's parts come from: {@link SandboxRegistrar}, which registers
 * them only when the sandbox is served.
 */
@Configuration(proxyBeanMethods = false)
@Import(SandboxRegistrar.class)
class SandboxConfiguration {

}
