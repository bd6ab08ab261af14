package io.runctl.testing;

/**
 * The API keys every test can use: their hashes are configured for the test classpath in
 * {@code src/test/resources/config/application.yml}. Send one as
 * {@code .header("Authorization", ApiKeys.bearer(ApiKeys.OPERATOR))}, or use the ready
 * header values below.
 */
public final class ApiKeys {

	/** The request header that carries a key. */
	public static final String HEADER = "Authorization";

	/** Role viewer, every pipeline; its name is {@code test-viewer}. */
	public static final String VIEWER = "test-viewer-key-5d1f2a";

	/** Role operator, every pipeline; its name is {@code test-operator}. */
	public static final String OPERATOR = "test-operator-key-8c3e7b";

	/** Role admin, every pipeline; its name is {@code test-admin}. */
	public static final String ADMIN = "test-admin-key-2b9a4f";

	/**
	 * Role operator, limited to {@code acme-user/pipelines-app/hello-world-pipeline} (the
	 * pipeline of {@link Upstream}); its name is {@code test-limited}.
	 */
	public static final String LIMITED = "test-limited-key-6e0d3c";

	/**
	 * Role operator, limited to {@code acme-user/other-app}: refused for the pipeline of
	 * {@link Upstream}; its name is {@code test-other}.
	 */
	public static final String OTHER_PIPELINE = "test-other-key-9a7b1d";

	/** Header values: {@code Bearer <key>}. */
	public static final String VIEWER_AUTH = bearer(VIEWER);

	public static final String OPERATOR_AUTH = bearer(OPERATOR);

	public static final String ADMIN_AUTH = bearer(ADMIN);

	private ApiKeys() {
	}

	public static String bearer(String key) {
		return "Bearer " + key;
	}

}
