// The runs list: GET /runs with a state filter and paging, state badges and the allowed
// actions as buttons.

import { control, listRuns } from './api.js';
import { ACTION_LABELS, STATES, badge, duration, el, problemBlock, show, time } from './ui.js';

const PER_PAGE = [10, 20, 50, 100];
const GROUPS = [
	{ value: 'QUEUED,RUNNING,PAUSED', label: 'Active (queued, running, paused)' },
	{ value: 'COMPLETED,FAILED,UNEXPECTED_ERROR,CANCELLED', label: 'Finished' },
];

export function renderRuns(main, params, context) {
	const states = params.getAll('state').flatMap((value) => value.split(',')).map((s) => s.trim().toUpperCase())
		.filter(Boolean);
	const stateValue = states.join(',');
	const page = positive(params.get('page'), 1);
	const perPage = positive(params.get('per_page'), 20);
	const aborter = new AbortController();
	document.title = 'Runs — runctl';

	const stateSelect = el('select', { id: 'state-filter', name: 'state' },
			el('option', { value: '', text: 'All states' }),
			GROUPS.map((group) => el('option', { value: group.value, text: group.label })),
			STATES.map((state) => el('option', { value: state, text: state })));
	if (stateValue && ![...stateSelect.options].some((option) => option.value === stateValue)) {
		stateSelect.append(el('option', { value: stateValue, text: states.join(', ') }));
	}
	stateSelect.value = stateValue;
	const perPageSelect = el('select', { id: 'per-page', name: 'per_page' },
			PER_PAGE.map((n) => el('option', { value: String(n), text: String(n) })));
	if (!PER_PAGE.includes(perPage)) {
		perPageSelect.append(el('option', { value: String(perPage), text: String(perPage) }));
	}
	perPageSelect.value = String(perPage);

	const filter = el('form', { class: 'toolbar', id: 'runs-filter', role: 'search', 'aria-label': 'Filter runs' },
			el('label', { for: 'state-filter', text: 'State' }), stateSelect,
			el('label', { for: 'per-page', text: 'Per page' }), perPageSelect,
			el('button', { type: 'submit', id: 'runs-apply', text: 'Show' }),
			el('button', { type: 'button', class: 'secondary', id: 'runs-refresh', text: 'Refresh' }));
	filter.addEventListener('submit', (event) => {
		event.preventDefault();
		context.navigate('/runs', { state: stateSelect.value, per_page: perPageSelect.value, page: 1 });
	});

	const status = el('p', { id: 'runs-status', class: 'status-line', role: 'status', 'aria-live': 'polite' });
	const problem = el('div', { id: 'runs-problem' });
	const body = el('tbody', { id: 'runs-body' });
	const table = el('table', { class: 'runs-table', id: 'runs-table' },
			el('caption', { class: 'visually-hidden', text: 'Runs of the pipeline version, newest first' }),
			el('thead', {}, el('tr', {}, ['Run', 'State', 'Created', 'Started', 'Duration', 'Actions']
				.map((name) => el('th', { scope: 'col', text: name })))),
			body);
	const pager = el('nav', { class: 'pager', 'aria-label': 'Pages' });
	show(main, el('h1', { tabindex: '-1', text: 'Runs' }), filter, status, problem,
			el('div', { class: 'table-wrap' }, table), pager);

	async function load() {
		status.textContent = 'Loading runs…';
		show(problem);
		try {
			const result = await listRuns({ states: stateValue ? [stateValue] : [], page, perPage }, aborter.signal);
			const runs = Array.isArray(result?.runs) ? result.runs : [];
			show(body, runs.length ? runs.map(row) : el('tr', {}, el('td', { colspan: '6', class: 'empty',
				text: page > 1 ? 'No runs on this page.' : 'No runs match this filter.' })));
			status.textContent = runs.length + (runs.length === 1 ? ' run' : ' runs') + ' on page ' + page + '.';
			renderPager(runs.length === perPage);
		}
		catch (e) {
			if (e.name === 'AbortError') {
				return;
			}
			status.textContent = 'Could not load the runs.';
			show(body);
			show(problem, problemBlock(e, 'Could not load the runs'));
			renderPager(false);
		}
	}

	function renderPager(hasNext) {
		const query = { state: stateValue, per_page: perPage };
		show(pager,
				page > 1 ? el('a', { href: context.link('/runs', { ...query, page: page - 1 }), rel: 'prev',
					id: 'page-prev', text: '← Previous' }) : el('span', { class: 'muted', text: '← Previous' }),
				el('span', { 'aria-current': 'page', text: 'Page ' + page }),
				hasNext ? el('a', { href: context.link('/runs', { ...query, page: page + 1 }), rel: 'next',
					id: 'page-next', text: 'Next →' }) : el('span', { class: 'muted', text: 'Next →' }));
	}

	function row(run) {
		const tr = el('tr', { 'data-run-id': run.id });
		const actions = el('div', { class: 'actions' }, (run.allowed_actions || []).map((action) =>
			el('button', {
				type: 'button',
				class: action === 'cancel' ? 'danger small' : 'small',
				'data-action': action,
				'aria-label': (ACTION_LABELS[action] || action) + ' run ' + run.id,
				text: ACTION_LABELS[action] || action,
				onclick: () => act(run, action, tr),
			})));
		if (!actions.children.length) {
			actions.append(el('span', { class: 'muted', text: run.terminal ? 'Finished' : 'None' }));
		}
		tr.append(
				el('td', { 'data-label': 'Run' }, el('a', { class: 'run-link mono',
					href: context.link('/runs/' + encodeURIComponent(run.id)), text: run.id })),
				el('td', { 'data-label': 'State' }, badge(run.state)),
				el('td', { 'data-label': 'Created' }, time(run.created_at)),
				el('td', { 'data-label': 'Started' }, time(run.started_at)),
				el('td', { 'data-label': 'Duration', text: duration(run.total_run_duration_seconds) }),
				el('td', { 'data-label': 'Actions' }, actions));
		return tr;
	}

	async function act(run, action, tr) {
		let reason = '';
		if (action === 'cancel') {
			const answer = await context.confirmCancel(run.id, '');
			if (!answer.confirmed) {
				return;
			}
			reason = answer.reason;
		}
		tr.querySelectorAll('button').forEach((button) => {
			button.disabled = true;
		});
		status.textContent = (ACTION_LABELS[action] || action) + ' run ' + run.id + '…';
		show(problem);
		try {
			const result = await control(run.id, action, reason);
			status.textContent = outcome(result);
			const fresh = row(result.run);
			tr.replaceWith(fresh);
			fresh.querySelector('button, a')?.focus();
		}
		catch (e) {
			status.textContent = 'Run ' + run.id + ' was not changed.';
			show(problem, problemBlock(e, (ACTION_LABELS[action] || action) + ' of run ' + run.id + ' failed'));
			tr.querySelectorAll('button').forEach((button) => {
				button.disabled = false;
			});
		}
	}

	filter.querySelector('#runs-refresh').addEventListener('click', load);
	load();
	return () => aborter.abort();
}

export function outcome(result) {
	const id = result?.run?.id || '';
	const state = result?.run?.state || 'UNKNOWN';
	if (!result?.changed) {
		return 'Run ' + id + ' already ' + state + ': nothing changed.';
	}
	return 'Run ' + id + ': ' + (result.previous_state || '?') + ' → ' + state + ' (' + result.action + ').';
}

function positive(value, fallback) {
	const n = Number.parseInt(value, 10);
	return Number.isFinite(n) && n > 0 ? n : fallback;
}
