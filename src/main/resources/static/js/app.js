// The dashboard's shell: hash routing, the API key dialog, the pipeline form and the
// cancel confirmation. The views live in runs.js (the list) and run.js (one run).

import { COORDINATES, ID_PATTERN, apiKey, pipeline, setApiKey, setPipeline } from './api.js';
import { renderRuns } from './runs.js';
import { renderRun } from './run.js';
import { el, show } from './ui.js';

const main = document.getElementById('main');
let cleanup = null;

function parseHash() {
	const hash = window.location.hash;
	if (!hash.startsWith('#/')) {
		return null;
	}
	const question = hash.indexOf('?');
	const path = question === -1 ? hash.slice(1) : hash.slice(1, question);
	const params = new URLSearchParams(question === -1 ? '' : hash.slice(question + 1));
	let segments;
	try {
		segments = path.split('/').filter(Boolean).map(decodeURIComponent);
	}
	catch (e) {
		segments = ['invalid'];
	}
	return { segments, params };
}

/** A hash link that keeps the pipeline coordinates, so a URL can be shared. */
export function link(path, params = {}) {
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries({ ...pipeline(), ...params })) {
		if (Array.isArray(value)) {
			value.forEach((item) => query.append(name, item));
		}
		else if (value !== undefined && value !== null && value !== '') {
			query.set(name, String(value));
		}
	}
	const text = query.toString();
	return '#' + path + (text ? '?' + text : '');
}

export function navigate(path, params = {}) {
	const target = link(path, params);
	if (window.location.hash === target) {
		route();
	}
	else {
		window.location.hash = target;
	}
}

/** The coordinates in the URL win; without any, the tab's stored ones go into the URL. */
function syncPipeline(params) {
	const fromUrl = {};
	let any = false;
	for (const name of COORDINATES) {
		if (params.has(name)) {
			fromUrl[name] = params.get(name);
			any = true;
		}
	}
	if (any) {
		setPipeline(fromUrl);
	}
	else if (Object.keys(pipeline()).length > 0) {
		for (const [name, value] of Object.entries(pipeline())) {
			params.set(name, value);
		}
		const hash = window.location.hash.split('?')[0] + '?' + params.toString();
		window.history.replaceState(null, '', hash);
	}
	updatePipelinePanel();
}

function route(focus = false) {
	const current = parseHash() || { segments: ['runs'], params: new URLSearchParams() };
	syncPipeline(current.params);
	if (cleanup) {
		cleanup();
		cleanup = null;
	}
	const { segments, params } = current;
	const context = { link, navigate, confirmCancel, rerender: () => route() };
	if (segments.length === 0 || (segments.length === 1 && segments[0] === 'runs')) {
		cleanup = renderRuns(main, params, context);
	}
	else if (segments.length === 2 && segments[0] === 'runs') {
		cleanup = renderRun(main, segments[1], params, context);
	}
	else {
		document.title = 'Not found — runctl';
		show(main, el('h1', { tabindex: '-1', text: 'Page not found' }),
				el('p', {}, 'There is no such page. ', el('a', { href: link('/runs'), text: 'Go to the runs' })));
	}
	const heading = main.querySelector('h1');
	if (focus === true && heading) {
		heading.focus({ preventScroll: true });
	}
}

// API key: kept in sessionStorage (this tab only); asked for again on a 401.

const keyDialog = document.getElementById('key-dialog');
const keyInput = document.getElementById('key-input');
const keyMessage = document.getElementById('key-message');
const keyButton = document.getElementById('key-button');
const DEFAULT_KEY_MESSAGE = keyMessage.textContent;

function updateKeyButton() {
	keyButton.textContent = apiKey() ? 'API key (set)' : 'API key';
	keyButton.setAttribute('aria-label', apiKey() ? 'API key: one is set for this tab' : 'API key: none set');
}

function askForKey(message) {
	keyMessage.textContent = message || DEFAULT_KEY_MESSAGE;
	keyInput.value = '';
	if (!keyDialog.open) {
		keyDialog.showModal();
	}
	keyInput.focus();
}

keyButton.addEventListener('click', () => askForKey());

keyDialog.addEventListener('close', () => {
	const choice = keyDialog.returnValue;
	keyDialog.returnValue = '';
	if (choice === 'save' && keyInput.value.trim()) {
		setApiKey(keyInput.value.trim());
	}
	else if (choice === 'forget') {
		setApiKey('');
	}
	else {
		return;
	}
	keyInput.value = '';
	updateKeyButton();
	route();
});

document.addEventListener('runctl:unauthorized', (event) => {
	const detail = event.detail?.detail;
	const why = apiKey() ? 'The service did not accept this API key.' : 'The service needs an API key.';
	askForKey(why + (detail ? ' ' + detail : '') + ' It is kept in this browser tab only.');
});

// Pipeline coordinates: empty fields mean the service's default.

const pipelineForm = document.getElementById('pipeline-form');
const pipelineError = document.getElementById('pipeline-error');
const pipelineSummary = document.getElementById('pipeline-summary');

function updatePipelinePanel() {
	const values = pipeline();
	for (const name of COORDINATES) {
		pipelineForm.elements[name].value = values[name] || '';
	}
	const parts = COORDINATES.map((name) => values[name]).filter(Boolean);
	pipelineSummary.textContent = parts.length ? COORDINATES.map((name) => values[name] || '(default)').join(' / ')
		: 'service default';
}

pipelineForm.addEventListener('submit', (event) => {
	event.preventDefault();
	const values = {};
	const invalid = [];
	for (const name of COORDINATES) {
		const value = pipelineForm.elements[name].value.trim();
		if (value && !ID_PATTERN.test(value)) {
			invalid.push(name);
			pipelineForm.elements[name].setAttribute('aria-invalid', 'true');
		}
		else {
			pipelineForm.elements[name].removeAttribute('aria-invalid');
		}
		values[name] = value;
	}
	if (invalid.length) {
		pipelineError.textContent = 'Not a valid id: ' + invalid.join(', ')
				+ '. Ids are letters, digits, "_" and "-", starting with a letter or digit.';
		pipelineError.hidden = false;
		return;
	}
	pipelineError.hidden = true;
	setPipeline(values);
	navigate('/runs');
});

document.getElementById('pipeline-clear').addEventListener('click', () => {
	setPipeline({});
	pipelineError.hidden = true;
	navigate('/runs');
});

// Cancelling cannot be undone: always ask first.

const confirmDialog = document.getElementById('confirm-dialog');

function confirmCancel(runId, reason) {
	document.getElementById('confirm-message').textContent = 'Cancel run ' + runId
			+ '? A cancelled run cannot be resumed.';
	const reasonInput = document.getElementById('confirm-reason');
	reasonInput.value = reason || '';
	confirmDialog.returnValue = '';
	return new Promise((resolve) => {
		confirmDialog.addEventListener('close', () => {
			resolve({ confirmed: confirmDialog.returnValue === 'confirm', reason: reasonInput.value });
		}, { once: true });
		confirmDialog.showModal();
		document.getElementById('confirm-no').focus();
	});
}

updateKeyButton();
// Only route hashes: "#main" (the skip link) keeps the current view.
window.addEventListener('hashchange', () => {
	if (parseHash()) {
		route(true);
	}
});
route();
