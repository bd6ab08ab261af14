// The one place that talks to the runctl HTTP API: the API key, the pipeline coordinates,
// JSON requests and problem answers (RFC 9457).

const KEY_STORAGE = 'runctl.apiKey';
const PIPELINE_STORAGE = 'runctl.pipeline';

export const COORDINATES = ['user_id', 'app_id', 'pipeline_id', 'pipeline_version_id'];
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const PROBLEM_READ_TIMEOUT_MS = 5000;

/** A non-2xx answer, or no answer at all (status 0), as a problem object. */
export class ProblemError extends Error {
	constructor(problem) {
		super(problem.title || 'Request failed');
		this.name = 'ProblemError';
		this.problem = problem;
		this.status = problem.status || 0;
	}
}

function storage() {
	try {
		return window.sessionStorage;
	}
	catch (e) {
		return null;
	}
}

export function apiKey() {
	return storage()?.getItem(KEY_STORAGE) || '';
}

export function setApiKey(key) {
	const store = storage();
	if (!store) {
		return;
	}
	if (key) {
		store.setItem(KEY_STORAGE, key);
	}
	else {
		store.removeItem(KEY_STORAGE);
	}
}

export function authHeaders() {
	const key = apiKey();
	return key ? { Authorization: 'Bearer ' + key } : {};
}

/** The pipeline coordinates the user chose for this tab; empty ones are left out. */
export function pipeline() {
	try {
		const stored = JSON.parse(storage()?.getItem(PIPELINE_STORAGE) || '{}');
		return clean(stored);
	}
	catch (e) {
		return {};
	}
}

export function setPipeline(values) {
	storage()?.setItem(PIPELINE_STORAGE, JSON.stringify(clean(values)));
}

function clean(values) {
	const result = {};
	for (const name of COORDINATES) {
		const value = typeof values?.[name] === 'string' ? values[name].trim() : '';
		if (value) {
			result[name] = value;
		}
	}
	return result;
}

/** A same-origin URL with the pipeline coordinates and the given query parameters. */
export function apiUrl(path, query = {}) {
	const url = new URL(path, window.location.origin);
	const params = { ...pipeline(), ...query };
	for (const [name, value] of Object.entries(params)) {
		if (Array.isArray(value)) {
			value.forEach((item) => url.searchParams.append(name, item));
		}
		else if (value !== undefined && value !== null && value !== '') {
			url.searchParams.set(name, String(value));
		}
	}
	return url.pathname + url.search;
}

export function runPath(runId, suffix = '') {
	return '/runs/' + encodeURIComponent(runId) + suffix;
}

/** Sends a request and answers its JSON body; throws a ProblemError for anything else. */
export async function request(method, path, { query, body, headers, signal } = {}) {
	const init = {
		method,
		signal,
		cache: 'no-store',
		credentials: 'same-origin',
		headers: { Accept: 'application/json, application/problem+json', ...authHeaders(), ...headers },
	};
	if (body !== undefined) {
		init.headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body);
	}
	let response;
	try {
		response = await fetch(apiUrl(path, query), init);
	}
	catch (e) {
		if (e.name === 'AbortError') {
			throw e;
		}
		throw unreachable(e);
	}
	if (!response.ok) {
		throw await problemOf(response);
	}
	return response.status === 204 ? null : response.json();
}

export function unreachable(error) {
	return new ProblemError({
		title: 'Service unreachable',
		status: 0,
		detail: 'The dashboard could not reach the service (' + (error?.message || 'network error') + ').',
	});
}

/** Reads a failed response as a problem; tells the page when a key is needed. */
export async function problemOf(response) {
	let problem = null;
	const type = response.headers.get('Content-Type') || '';
	if (type.includes('json')) {
		problem = await readJson(response, PROBLEM_READ_TIMEOUT_MS);
	}
	if (!problem || typeof problem !== 'object' || Array.isArray(problem)) {
		problem = { title: response.statusText || 'Request failed', detail: 'The service answered HTTP ' + response.status + '.' };
	}
	problem.status = problem.status || response.status;
	const retryAfter = response.headers.get('Retry-After');
	if (retryAfter) {
		problem.retry_after = retryAfter;
	}
	const error = new ProblemError(problem);
	if (error.status === 401) {
		document.dispatchEvent(new CustomEvent('runctl:unauthorized', { detail: problem }));
	}
	return error;
}

/** A problem body that never ends must not hang the page: give up after a while. */
function readJson(response, timeoutMs) {
	let timer;
	const timeout = new Promise((resolve) => {
		timer = setTimeout(() => {
			response.body?.cancel().catch(() => {});
			resolve(null);
		}, timeoutMs);
	});
	const body = response.json().catch(() => null);
	return Promise.race([body, timeout]).finally(() => clearTimeout(timer));
}

/** A fresh Idempotency-Key, so a retried click never acts twice. */
export function newIdempotencyKey() {
	if (window.crypto?.randomUUID) {
		return window.crypto.randomUUID();
	}
	const bytes = new Uint8Array(16);
	window.crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function listRuns({ states = [], page = 1, perPage = 20 } = {}, signal) {
	return request('GET', '/runs', { query: { state: states, page, per_page: perPage }, signal });
}

export function getRun(runId, signal) {
	return request('GET', runPath(runId), { signal });
}

export function getHistory(runId, signal) {
	return request('GET', runPath(runId, '/history'), { signal });
}

export function control(runId, action, reason) {
	const body = reason && reason.trim() ? { reason: reason.trim() } : undefined;
	return request('POST', runPath(runId, '/' + action), {
		body,
		headers: { 'Idempotency-Key': newIdempotencyKey() },
	});
}
