// Server-sent events over fetch(): EventSource cannot send an Authorization header, so the
// dashboard reads the stream itself. The parser follows the WHATWG "event stream
// interpretation" rules; MonitorStream adds reconnection that resumes by cursor.

import { apiUrl, authHeaders, problemOf } from './api.js';

/** Parses text chunks of an event stream into {type, data, id} events. */
export class SseParser {
	constructor({ onEvent, onRetry = () => {}, onComment = () => {} }) {
		this.onEvent = onEvent;
		this.onRetry = onRetry;
		this.onComment = onComment;
		this.partial = '';
		this.skipNewline = false;
		this.type = '';
		this.data = [];
		this.idBuffer = '';
		this.lastEventId = '';
	}

	/** Starts from a known cursor (the Last-Event-ID of a resumed stream). */
	resumeFrom(id) {
		this.idBuffer = id || '';
		this.lastEventId = id || '';
	}

	push(text) {
		let start = 0;
		if (this.skipNewline && text.charCodeAt(0) === 10) {
			start = 1;
		}
		this.skipNewline = false;
		for (let i = start; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c !== 10 && c !== 13) {
				continue;
			}
			const line = this.partial + text.slice(start, i);
			this.partial = '';
			if (c === 13) {
				if (i + 1 < text.length) {
					if (text.charCodeAt(i + 1) === 10) {
						i++;
					}
				}
				else {
					this.skipNewline = true;
				}
			}
			start = i + 1;
			this.line(line);
		}
		this.partial += text.slice(start);
	}

	line(line) {
		if (line === '') {
			this.dispatch();
			return;
		}
		if (line.charCodeAt(0) === 58) {
			this.onComment(line.slice(1).trim());
			return;
		}
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.charCodeAt(0) === 32) {
			value = value.slice(1);
		}
		switch (field) {
			case 'event':
				this.type = value;
				break;
			case 'data':
				this.data.push(value);
				break;
			case 'id':
				if (!value.includes('\0')) {
					this.idBuffer = value;
				}
				break;
			case 'retry':
				if (/^[0-9]+$/.test(value)) {
					this.onRetry(Number(value));
				}
				break;
			default:
				break;
		}
	}

	dispatch() {
		this.lastEventId = this.idBuffer;
		if (this.data.length === 0) {
			this.type = '';
			return;
		}
		const event = { type: this.type || 'message', data: this.data.join('\n'), id: this.lastEventId };
		this.type = '';
		this.data = [];
		this.onEvent(event);
	}
}

const RETRYABLE = new Set([0, 408, 429, 500, 502, 503, 504]);
const MAX_DELAY = 30000;

/**
 * One run's monitor stream that stays connected: after a drop it waits (the server's
 * retry, growing on repeated failures) and reconnects with Last-Event-ID, so no log line
 * is lost or repeated. It stops on an end event with reason "terminal", on a problem that
 * retrying cannot fix, or when stopped.
 *
 * handlers: onEvent(event), onBatch(), onConnection(state, detail), onProblem(error, retrying)
 */
export class MonitorStream {
	constructor(path, query, handlers) {
		this.path = path;
		this.query = query;
		this.handlers = handlers;
		this.lastEventId = '';
		this.retry = 3000;
		this.failures = 0;
		this.stopped = true;
		this.controller = null;
		this.timer = null;
		this.cut = -1;
		// Each connection attempt has its own generation; a superseded one does nothing more.
		this.generation = 0;
	}

	start() {
		this.stopped = false;
		this.failures = 0;
		this.connect();
	}

	stop() {
		this.stopped = true;
		this.generation++;
		clearTimeout(this.timer);
		this.controller?.abort();
	}

	/** Drops the connection at once and opens a new one that resumes from the cursor. */
	reconnect() {
		this.start();
	}

	/**
	 * Drops the connection as a network failure would, right after the last event handed
	 * out: nothing more of it is read, and it reconnects after the retry delay.
	 */
	interrupt() {
		this.cut = this.generation;
		this.controller?.abort(new DOMException('interrupted', 'AbortError'));
	}

	async connect() {
		if (this.stopped) {
			return;
		}
		clearTimeout(this.timer);
		this.controller?.abort();
		const generation = ++this.generation;
		const current = () => generation === this.generation && !this.stopped;
		const live = () => current() && this.cut !== generation;
		const controller = new AbortController();
		this.controller = controller;
		const headers = { Accept: 'text/event-stream', ...authHeaders() };
		if (this.lastEventId) {
			headers['Last-Event-ID'] = this.lastEventId;
		}
		this.handlers.onConnection('connecting', { resumeFrom: this.lastEventId });
		let outcome = 'dropped';
		try {
			const response = await fetch(apiUrl(this.path, this.query), {
				headers,
				cache: 'no-store',
				credentials: 'same-origin',
				signal: controller.signal,
			});
			if (!current()) {
				controller.abort();
				return;
			}
			if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
				const problem = await problemOf(response);
				controller.abort();
				if (current()) {
					this.failed(problem);
				}
				return;
			}
			this.failures = 0;
			this.handlers.onConnection('open', {});
			outcome = await this.read(response.body, controller, live);
		}
		catch (e) {
			if (current() && e.name !== 'AbortError') {
				this.handlers.onConnection('dropped', { message: e.message });
			}
		}
		if (!current()) {
			return;
		}
		switch (outcome) {
			case 'terminal':
				this.stopped = true;
				this.handlers.onConnection('ended', {});
				break;
			case 'timeout':
				// The server's own time limit, not a failure: go on at once.
				this.failures = 0;
				this.connect();
				break;
			default:
				this.schedule();
				break;
		}
	}

	/** Reads until the server closes: answers 'terminal', 'timeout' or 'dropped'. */
	async read(body, controller, live) {
		let outcome = 'dropped';
		const parser = new SseParser({
			onRetry: (ms) => {
				this.retry = ms;
			},
			onEvent: (event) => {
				if (!live() || outcome !== 'dropped') {
					return;
				}
				this.lastEventId = event.id;
				if (event.type === 'end') {
					outcome = parse(event.data)?.reason === 'timeout' ? 'timeout' : 'terminal';
				}
				this.handlers.onEvent(event);
			},
		});
		parser.resumeFrom(this.lastEventId);
		const reader = body.pipeThrough(new TextDecoderStream()).getReader();
		try {
			for (;;) {
				const { value, done } = await reader.read();
				if (done || !live()) {
					break;
				}
				parser.push(value);
				this.handlers.onBatch();
				if (outcome !== 'dropped') {
					break;
				}
			}
		}
		catch (e) {
			if (live() && outcome === 'dropped' && e.name !== 'AbortError') {
				this.handlers.onConnection('dropped', { message: e.message });
			}
		}
		controller.abort();
		return outcome;
	}

	failed(error) {
		if (RETRYABLE.has(error.status)) {
			this.handlers.onProblem(error, true);
			this.schedule();
			return;
		}
		this.stopped = true;
		this.handlers.onConnection('failed', {});
		this.handlers.onProblem(error, false);
	}

	schedule() {
		this.failures++;
		const base = Math.min(MAX_DELAY, this.retry * Math.pow(2, Math.max(0, this.failures - 1)));
		const delay = Math.round(base * (0.8 + Math.random() * 0.4));
		this.handlers.onConnection('waiting', { delay, resumeFrom: this.lastEventId });
		clearTimeout(this.timer);
		this.timer = setTimeout(() => this.connect(), delay);
	}
}

export function parse(data) {
	try {
		return JSON.parse(data);
	}
	catch (e) {
		return null;
	}
}

