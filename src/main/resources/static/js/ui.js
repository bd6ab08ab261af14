// DOM helpers. Every piece of data reaches the page through textContent or an attribute:
// data is never parsed as markup.

export function el(tag, attributes = {}, ...children) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === undefined || value === null || value === false) {
			continue;
		}
		if (name === 'text') {
			node.textContent = String(value);
		}
		else if (name === 'class') {
			node.className = value;
		}
		else if (name.startsWith('on') && typeof value === 'function') {
			node.addEventListener(name.slice(2), value);
		}
		else {
			node.setAttribute(name, value === true ? '' : String(value));
		}
	}
	for (const child of children.flat()) {
		if (child === undefined || child === null || child === false) {
			continue;
		}
		node.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return node;
}

export const STATES = ['QUEUED', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'UNEXPECTED_ERROR', 'CANCELLED',
	'CONFLICT', 'UNKNOWN'];

export const ACTION_LABELS = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel' };

export function badge(state) {
	const known = STATES.includes(state) ? state : 'UNKNOWN';
	return el('span', { class: 'badge state-' + known.toLowerCase(), 'data-state': known, text: known });
}

export function time(value) {
	if (!value) {
		return el('span', { class: 'muted', text: '—' });
	}
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) {
		return el('span', { text: String(value) });
	}
	return el('time', { datetime: date.toISOString(), title: date.toISOString(), text: date.toLocaleString() });
}

export function duration(seconds) {
	if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) {
		return '—';
	}
	let rest = Math.round(Number(seconds));
	const hours = Math.floor(rest / 3600);
	rest -= hours * 3600;
	const minutes = Math.floor(rest / 60);
	const secs = rest - minutes * 60;
	if (hours > 0) {
		return hours + ' h ' + String(minutes).padStart(2, '0') + ' min';
	}
	if (minutes > 0) {
		return minutes + ' min ' + String(secs).padStart(2, '0') + ' s';
	}
	return secs + ' s';
}

const HIDDEN_FIELDS = new Set(['type', 'title', 'status', 'detail', 'instance']);

/** A problem answer (RFC 9457) as readable text: title, status, detail and its fields. */
export function problemBlock(error, heading = 'The service refused the request') {
	const problem = error?.problem || { title: error?.message || 'Something went wrong' };
	const block = el('div', { class: 'problem', role: 'alert' });
	block.append(el('p', { class: 'problem-heading', text: heading }));
	const title = (problem.title || 'Problem') + (problem.status ? ' (' + problem.status + ')' : '');
	block.append(el('p', { class: 'problem-title', text: title }));
	if (problem.detail) {
		block.append(el('p', { class: 'problem-detail', text: problem.detail }));
	}
	const fields = Object.entries(problem).filter(([name]) => !HIDDEN_FIELDS.has(name));
	if (fields.length > 0) {
		const list = el('dl', { class: 'problem-fields' });
		for (const [name, value] of fields) {
			list.append(el('dt', { text: name }), el('dd', { 'data-field': name, text: fieldText(value) }));
		}
		block.append(list);
	}
	if (typeof problem.type === 'string' && problem.type.startsWith('/problems/')) {
		block.append(el('p', {}, el('a', { href: problem.type, text: 'About this problem' })));
	}
	return block;
}

function fieldText(value) {
	if (Array.isArray(value)) {
		return value.length === 0 ? '(none)' : value.map((item) => fieldText(item)).join(', ');
	}
	if (value !== null && typeof value === 'object') {
		return JSON.stringify(value);
	}
	return String(value);
}

/** Replaces the children of a node. */
export function show(node, ...children) {
	node.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined));
}
