// One run: live status, the log fed by the monitor stream (follows the tail, reconnects
// and resumes by cursor), notices, pause / resume / cancel with a reason, and the status
// history.

import { control, getHistory, getRun, runPath } from './api.js';
import { MonitorStream, parse } from './sse.js';
import { outcome } from './runs.js';
import { ACTION_LABELS, badge, duration, el, problemBlock, show, time } from './ui.js';

const MAX_LINES = 5000;
const MAX_NOTICES = 20;
const MONITOR_INTERVAL_SECONDS = 2;
const ACTIONS = ['pause', 'resume', 'cancel'];

export function renderRun(main, runId, params, context) {
	const aborter = new AbortController();
	let current = null;
	let following = true;
	let autoScrolling = false;
	let pending = [];
	let lineCount = 0;
	let dropped = 0;
	document.title = 'Run ' + runId + ' — runctl';

	// Status
	const stateBox = el('p', { id: 'run-status', class: 'run-status', role: 'status', 'aria-live': 'polite' },
			el('span', { class: 'muted', text: 'Loading…' }));
	const facts = el('dl', { class: 'facts', id: 'run-facts' });
	const statusProblem = el('div', { id: 'run-problem' });

	// Control
	const reasonInput = el('input', { id: 'action-reason', name: 'reason', maxlength: '500', autocomplete: 'off',
		'aria-describedby': 'action-reason-hint' });
	const buttons = Object.fromEntries(ACTIONS.map((action) => [action, el('button', {
		type: 'button',
		id: 'action-' + action,
		class: action === 'cancel' ? 'danger' : '',
		'data-action': action,
		disabled: true,
		text: ACTION_LABELS[action],
		onclick: () => act(action),
	})]));
	const allowedHint = el('p', { id: 'allowed-hint', class: 'hint' });
	const actionStatus = el('p', { id: 'action-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
	const actionProblem = el('div', { id: 'action-problem' });

	// Logs
	const followButton = el('button', { type: 'button', id: 'follow-toggle', class: 'secondary',
		'aria-pressed': 'true', text: 'Follow tail', onclick: () => setFollowing(!following) });
	const streamState = el('span', { id: 'stream-state', class: 'stream-state', role: 'status',
		'aria-live': 'polite', 'data-connection': 'connecting', text: 'Connecting…' });
	const reconnectButton = el('button', { type: 'button', id: 'reconnect', class: 'secondary small', hidden: true,
		text: 'Reconnect', title: 'Open the stream again; it resumes after the last line shown',
		onclick: () => stream.reconnect() });
	const lineCounter = el('span', { id: 'line-count', class: 'muted', text: '0 lines' });
	const log = el('div', { id: 'log', class: 'log', role: 'log', 'aria-live': 'off', 'aria-label': 'Run log',
		tabindex: '0' });
	const streamProblem = el('div', { id: 'stream-problem' });
	const notices = el('ul', { id: 'notices', class: 'notices', 'aria-live': 'polite' });

	// History
	const historyBody = el('tbody', { id: 'history-body' });
	const historyProblem = el('div', { id: 'history-problem' });

	show(main,
			el('p', { class: 'back' }, el('a', { href: context.link('/runs'), id: 'back-to-runs', text: '← All runs' })),
			el('h1', { tabindex: '-1' }, 'Run ', el('span', { class: 'mono', id: 'run-id', text: runId })),
			el('div', { class: 'run-grid' },
					el('section', { class: 'card', 'aria-labelledby': 'status-heading' },
							el('h2', { id: 'status-heading', text: 'Status' }), stateBox, facts, statusProblem),
					el('section', { class: 'card', 'aria-labelledby': 'control-heading' },
							el('h2', { id: 'control-heading', text: 'Control' }),
							el('label', { for: 'action-reason', text: 'Reason (optional)' }), reasonInput,
							el('p', { id: 'action-reason-hint', class: 'hint',
								text: 'Kept with the action; at most 500 characters.' }),
							el('div', { class: 'actions' }, ACTIONS.map((action) => buttons[action])), allowedHint,
							actionStatus, actionProblem)),
			el('section', { class: 'card', 'aria-labelledby': 'log-heading' },
					el('div', { class: 'log-toolbar' }, el('h2', { id: 'log-heading', text: 'Log' }), streamState,
							reconnectButton, lineCounter, followButton),
					streamProblem, log, notices),
			el('section', { class: 'card', 'aria-labelledby': 'history-heading' },
					el('h2', { id: 'history-heading', text: 'Status history' }), historyProblem,
					el('div', { class: 'table-wrap' }, el('table', { class: 'history-table' },
							el('thead', {}, el('tr', {}, ['When', 'State', 'Triggered by', 'Message']
								.map((name) => el('th', { scope: 'col', text: name })))), historyBody))));

	function updateRun(run) {
		if (!run || typeof run !== 'object') {
			return;
		}
		const changed = !current || current.state !== run.state;
		current = run;
		const stateBadge = badge(run.state);
		stateBadge.id = 'run-state';
		show(stateBox, el('span', { class: 'visually-hidden', text: 'State: ' }), stateBadge,
				run.terminal ? el('span', { class: 'muted', text: ' final' }) : null);
		const pipelineText = [run.user_id, run.app_id, run.pipeline_id, run.pipeline_version_id].join(' / ');
		show(facts, fact('Pipeline', pipelineText),
				fact('Upstream status', run.upstream_status
					? run.upstream_status.code + (run.upstream_status.description ? ' ' + run.upstream_status.description : '')
					: '—'),
				fact('Created', time(run.created_at)), fact('Started', time(run.started_at)),
				fact('Ended', time(run.ended_at)), fact('Modified', time(run.modified_at)),
				fact('Duration', duration(run.total_run_duration_seconds)));
		const allowed = Array.isArray(run.allowed_actions) ? run.allowed_actions : [];
		for (const action of ACTIONS) {
			buttons[action].disabled = !allowed.includes(action);
		}
		allowedHint.textContent = allowed.length ? 'Allowed now: ' + allowed.join(', ') + '.'
			: 'No action is allowed in state ' + run.state + '.';
		document.title = run.state + ' · Run ' + runId + ' — runctl';
		if (changed) {
			loadHistory();
		}
	}

	function fact(name, value) {
		return [el('dt', { text: name }), el('dd', {}, value)];
	}

	async function loadRun() {
		try {
			updateRun(await getRun(runId, aborter.signal));
			show(statusProblem);
		}
		catch (e) {
			if (e.name !== 'AbortError') {
				show(statusProblem, problemBlock(e, 'Could not read the run'));
				if (!current) {
					show(stateBox, el('span', { class: 'muted', text: 'Unknown' }));
				}
			}
		}
	}

	async function loadHistory() {
		try {
			const entries = await getHistory(runId, aborter.signal);
			show(historyProblem);
			show(historyBody, (Array.isArray(entries) && entries.length) ? entries.map((entry) => el('tr', {},
					el('td', { 'data-label': 'When' }, time(entry.at)), el('td', { 'data-label': 'State' }, badge(entry.state)),
					el('td', { 'data-label': 'Triggered by', text: entry.triggered_by || '—' }),
					el('td', { 'data-label': 'Message', text: entry.message || '' })))
				: el('tr', {}, el('td', { colspan: '4', class: 'empty', text: 'No status changes recorded.' })));
		}
		catch (e) {
			if (e.name !== 'AbortError') {
				show(historyProblem, problemBlock(e, 'Could not read the status history'));
			}
		}
	}

	async function act(action) {
		let reason = reasonInput.value;
		if (action === 'cancel') {
			const answer = await context.confirmCancel(runId, reason);
			if (!answer.confirmed) {
				actionStatus.textContent = 'Cancel not sent.';
				return;
			}
			reason = answer.reason;
		}
		ACTIONS.forEach((name) => {
			buttons[name].disabled = true;
		});
		actionStatus.textContent = 'Sending ' + action + '…';
		show(actionProblem);
		try {
			const result = await control(runId, action, reason);
			actionStatus.textContent = outcome(result);
			reasonInput.value = '';
			updateRun(result.run);
		}
		catch (e) {
			actionStatus.textContent = ACTION_LABELS[action] + ' was not done.';
			show(actionProblem, problemBlock(e, ACTION_LABELS[action] + ' failed'));
			const fresh = e.problem?.current_state;
			if (current) {
				updateRun(fresh ? { ...current, state: fresh,
					allowed_actions: e.problem.allowed_actions || current.allowed_actions } : current);
			}
			loadRun();
		}
	}

	// The log view

	function setFollowing(on) {
		following = on;
		followButton.setAttribute('aria-pressed', String(on));
		if (on) {
			scrollToEnd();
		}
	}

	function scrollToEnd() {
		const before = log.scrollTop;
		log.scrollTop = log.scrollHeight;
		if (log.scrollTop !== before) {
			autoScrolling = true;
		}
	}

	log.addEventListener('scroll', () => {
		if (autoScrolling) {
			autoScrolling = false;
			return;
		}
		const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 8;
		if (following !== atEnd) {
			setFollowing(atEnd);
		}
	});

	function flush() {
		if (pending.length === 0) {
			return;
		}
		const fragment = document.createDocumentFragment();
		for (const event of pending) {
			fragment.append(logLine(event));
		}
		pending = [];
		log.append(fragment);
		while (log.childElementCount > MAX_LINES) {
			log.firstElementChild.remove();
			dropped++;
		}
		lineCounter.textContent = lineCount + (lineCount === 1 ? ' line' : ' lines')
				+ (dropped ? ' (' + dropped + ' oldest not shown)' : '');
		if (following) {
			scrollToEnd();
		}
	}

	function logLine(event) {
		const data = parse(event.data) || { line: event.data };
		const level = typeof data.level === 'string' ? data.level.toLowerCase() : '';
		const line = el('div', { class: 'line' + (level ? ' level-' + level.replace(/[^a-z]/g, '') : ''),
			'data-cursor': event.id || null });
		if (data.at) {
			line.append(el('span', { class: 'at', text: data.at }), ' ');
		}
		if (level) {
			line.append(el('span', { class: 'lvl', text: data.level.toUpperCase() }), ' ');
		}
		line.append(el('span', { class: 'msg', text: data.line ?? data.raw ?? '' }));
		return line;
	}

	function notice(message, kind) {
		notices.prepend(el('li', { class: 'notice', 'data-kind': kind || null },
				el('span', { class: 'muted', text: new Date().toLocaleTimeString() + ' ' }),
				kind ? el('span', { class: 'kind', text: kind + ': ' }) : null, message));
		while (notices.childElementCount > MAX_NOTICES) {
			notices.lastElementChild.remove();
		}
	}

	function onEvent(event) {
		switch (event.type) {
			case 'log':
				lineCount++;
				pending.push(event);
				break;
			case 'status':
				updateRun(parse(event.data));
				break;
			case 'notice': {
				const data = parse(event.data) || {};
				notice(data.message || event.data, data.kind);
				break;
			}
			case 'end': {
				const data = parse(event.data) || {};
				flush();
				updateRun(data.run);
				if (data.reason === 'terminal') {
					notice('The run is finished; the stream ended after its last log line.', 'end');
				}
				break;
			}
			default:
				break;
		}
	}

	function onConnection(state, detail) {
		streamState.dataset.connection = state;
		reconnectButton.hidden = state === 'ended';
		switch (state) {
			case 'connecting':
				streamState.textContent = detail.resumeFrom ? 'Reconnecting from line ' + detail.resumeFrom + '…'
					: 'Connecting…';
				break;
			case 'open':
				streamState.textContent = 'Live';
				show(streamProblem);
				break;
			case 'dropped':
				notice('Connection lost' + (detail.message ? ' (' + detail.message + ')' : '') + '.', 'connection');
				break;
			case 'waiting':
				streamState.textContent = 'Disconnected; retrying in ' + Math.ceil(detail.delay / 1000) + ' s';
				break;
			case 'ended':
				streamState.textContent = 'Ended';
				break;
			case 'failed':
				streamState.textContent = 'Stopped';
				break;
			default:
				break;
		}
	}

	function onProblem(error, retrying) {
		show(streamProblem, problemBlock(error, retrying ? 'The log stream failed; retrying'
			: 'The log stream cannot be opened'));
	}

	const stream = new MonitorStream(runPath(runId, '/monitor'), { monitor_interval: MONITOR_INTERVAL_SECONDS },
			{ onEvent, onBatch: flush, onConnection, onProblem });

	loadRun();
	stream.start();
	return () => {
		aborter.abort();
		stream.stop();
	};
}
