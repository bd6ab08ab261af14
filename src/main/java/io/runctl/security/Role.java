package io.runctl.security;

import java.util.List;
import java.util.Locale;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What an API key may do. Each role includes the ones before it: a viewer reads and
 * monitors, an operator also pauses, resumes and cancels, an admin also reads the audit
 * trail and the actuator.
 */
enum Role {

	VIEWER, OPERATOR, ADMIN;

	/** The Spring Security authorities of this role and of every role it includes. */
	List<GrantedAuthority> authorities() {
		return List.of(values())
			.subList(0, ordinal() + 1)
			.stream()
			.<GrantedAuthority>map((role) -> new SimpleGrantedAuthority("ROLE_" + role.name()))
			.toList();
	}

	String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Role of(String name) {
		for (Role role : values()) {
			if (role.label().equals(name.strip().toLowerCase(Locale.ROOT))) {
				return role;
			}
		}
		throw new IllegalArgumentException("Unknown role '" + name + "': use viewer, operator or admin");
	}

}
