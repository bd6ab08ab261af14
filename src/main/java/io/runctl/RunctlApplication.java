package io.runctl;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * runctl: control ML pipeline runs in real time over HTTP and server-sent events.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RunctlApplication {

	public static void main(String[] args) {
		SpringApplication.run(RunctlApplication.class, args);
	}

}
