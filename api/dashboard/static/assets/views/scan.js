// One scan: live status until it ends, its engines, the findings table with the API's filters, sorting
// and paging, exports, and the finding panel.

import { download, get, post, supports } from '../api.js';
import { button, definitionList, h, notice, select, table } from '../dom.js';
import { ENGINES, SEVERITIES, TERMINAL, TRIAGE_STATUSES, duration, scanStatus, severity, shortId, time, words } from '../format.js';
import { crumbs, describeError, flash, heading, pager, title } from '../page.js';
import { go, href } from '../router.js';
import { findingPanel } from './finding.js';
import { historyTable } from './history.js';

const FILTERS = ['severity', 'engine', 'status', 'new', 'rule_id', 'cwe', 'path'];
const SORTS = [['-severity', 'Worst first'], ['severity', 'Least severe first'], ['path', 'Path A–Z'], ['-path', 'Path Z–A'], ['rule', 'Rule A–Z'], ['-rule', 'Rule Z–A']];

function state(query) {
  const values = {};
  for (const name of FILTERS) if (query.get(name)) values[name] = query.get(name);
  values.sort = SORTS.some(([value]) => value === query.get('sort')) ? query.get('sort') : '-severity';
  values.page = Math.max(1, Number(query.get('page')) || 1);
  values.per_page = [20, 50, 100].includes(Number(query.get('per_page'))) ? Number(query.get('per_page')) : 20;
  return values;
}

function filterQuery(current) {
  const query = {};
  for (const name of FILTERS) if (current[name]) query[name] = current[name];
  return query;
}

function statusBox(scan) {
  const live = !TERMINAL.has(scan.status);
  return h('section', { class: 'card', id: 'scan-status', 'aria-live': 'polite' },
    h('p', { class: 'status-line' }, scanStatus(scan.status), live ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null,
      live ? h('span', { class: 'muted' }, scan.status === 'queued' ? ' Waiting for a worker…' : ' Scanning… this page updates by itself.') : null),
    scan.error ? h('p', { class: 'form-error', role: 'alert' }, `Failed: ${scan.error}`) : null,
    scan.warnings?.length ? h('ul', { class: 'warnings' }, scan.warnings.map((warning) => h('li', null, typeof warning === 'string' ? warning : JSON.stringify(warning)))) : null,
    definitionList([
      ['Type', scan.scan_type],
      ['Source', `${scan.source?.kind || '—'}${scan.source?.ref ? ` @ ${scan.source.ref}` : ''}`],
      ['Commit', h('span', { class: 'mono' }, scan.commit || '—')],
      ['Requested', time(scan.created_at)],
      ['Finished', time(scan.finished_at)],
      ['Duration', duration(scan.duration_ms)],
      scan.attempt > 1 ? ['Attempt', String(scan.attempt)] : null,
      scan.rules?.rules_path ? ['Project rules', h('span', { class: 'mono wrap' }, scan.rules.rules_path)] : null,
      scan.rules?.disabled_rules?.length ? ['Disabled rules', h('span', { class: 'mono wrap' }, scan.rules.disabled_rules.join(', '))] : null,
    ]),
    h('div', { class: 'stats' }, SEVERITIES.map((name) => h('div', { class: `stat stat-${name}` },
      h('span', { class: 'stat-value' }, String(scan.findings?.[name] ?? 0)), h('span', { class: 'stat-label' }, name)))),
    engines(scan.engines));
}

function engines(summary) {
  const names = Object.keys(summary || {});
  if (!names.length) return null;
  return table(['Engine', 'Status', 'Version', 'Findings', 'Duration'], names.map((name) => {
    const engine = summary[name] || {};
    return h('tr', null, h('td', null, name), h('td', null, engine.status || '—'), h('td', { class: 'mono' }, engine.version || '—'),
      h('td', { class: 'num' }, String(engine.findings ?? '—')), h('td', null, duration(engine.duration_ms)));
  }), 'Engines');
}

function checkboxes(name, values, chosen) {
  const picked = new Set((chosen || '').split(',').filter(Boolean));
  return h('fieldset', { class: 'checks' }, h('legend', null, words(name)),
    values.map((value) => h('label', null, h('input', { type: 'checkbox', name, value, checked: picked.has(value) }), ` ${words(value)}`)));
}

function filtersForm(scanId, current) {
  const text = (name, label, placeholder) => h('label', { class: 'field' }, h('span', null, label),
    h('input', { name, value: current[name] || '', placeholder, id: `filter-${name}` }));
  const form = h('form', { class: 'filters', id: 'findings-filters', 'aria-label': 'Filter findings' },
    checkboxes('severity', SEVERITIES, current.severity),
    checkboxes('engine', ENGINES, current.engine),
    h('label', { class: 'field' }, h('span', null, 'Triage'),
      select('status', [['', 'any'], ...TRIAGE_STATUSES.map((s) => [s, words(s)])], current.status || '', { id: 'filter-status' })),
    h('label', { class: 'field' }, h('span', null, 'New'),
      select('new', [['', 'any'], ['true', 'new in this scan'], ['false', 'seen before']], current.new || '', { id: 'filter-new' })),
    text('path', 'Path starts with', 'src/'),
    text('rule_id', 'Rule', 'rule id'),
    text('cwe', 'CWE', 'CWE-89'),
    h('label', { class: 'field' }, h('span', null, 'Sort'), select('sort', SORTS, current.sort, { id: 'filter-sort' })),
    h('label', { class: 'field' }, h('span', null, 'Per page'), select('per_page', [['20', '20'], ['50', '50'], ['100', '100']], String(current.per_page), { id: 'filter-per-page' })),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Apply filters'),
      h('a', { href: `#/scans/${scanId}`, class: 'btn' }, 'Reset')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const query = {};
    for (const name of ['severity', 'engine']) query[name] = data.getAll(name).join(',');
    for (const name of ['status', 'new', 'path', 'rule_id', 'cwe']) query[name] = String(data.get(name) || '').trim();
    query.sort = data.get('sort') === '-severity' ? '' : data.get('sort');
    query.per_page = data.get('per_page') === '20' ? '' : data.get('per_page');
    go(`/scans/${scanId}`, query);
  });
  return form;
}

function exportButtons(scanId, current) {
  const status = h('span', { class: 'muted', role: 'status' });
  const exporter = (format) => async (event) => {
    event.target.disabled = true;
    try {
      const name = await download(`/scans/${scanId}/export`, { format, ...filterQuery(current) });
      status.textContent = `Downloaded ${name}`;
    } catch (error) {
      status.textContent = describeError(error);
    } finally {
      event.target.disabled = false;
    }
  };
  return h('div', { class: 'export', role: 'group', 'aria-label': 'Export the findings shown' },
    h('span', null, 'Export: '),
    ['json', 'csv', 'sarif'].map((format) => button(format.toUpperCase(), exporter(format), { class: 'btn', id: `export-${format}` })), status);
}

function findingsTable(scanId, result, current, openId) {
  const linkTo = (extra) => href(`/scans/${scanId}`, { ...filterQuery(current), sort: current.sort === '-severity' ? '' : current.sort,
    per_page: current.per_page === 20 ? '' : current.per_page, page: current.page > 1 ? current.page : '', ...extra });
  if (!result.items.length) {
    const filtered = FILTERS.some((name) => current[name]);
    return notice(filtered ? 'No finding matches these filters' : 'No findings',
      filtered ? 'Loosen or reset the filters to see more.' : 'This scan found nothing to report.',
      filtered ? h('a', { href: `#/scans/${scanId}`, class: 'btn' }, 'Reset filters') : null);
  }
  const rows = result.items.map((finding) => h('tr', { class: finding.id === openId ? 'selected' : null },
    h('td', null, severity(finding.severity)),
    h('td', null, h('a', { href: linkTo({ finding: finding.id }), class: 'finding-link', 'aria-current': finding.id === openId ? 'true' : null }, finding.title || finding.rule_id),
      h('div', { class: 'muted mono small wrap' }, finding.rule_id)),
    h('td', { class: 'mono wrap' }, `${finding.file_path}:${finding.start_line}`),
    h('td', null, finding.engine),
    h('td', null, words(finding.status)),
    h('td', null, finding.is_new ? h('span', { class: 'badge badge-new' }, 'new') : '')));
  return h('div', null,
    table(['Severity', 'Finding', 'Location', 'Engine', 'Triage', ''], rows, 'Findings of this scan'),
    pager(result.pagination, (number) => linkTo({ page: number > 1 ? number : '' }), 'findings'));
}

async function events(scanId, signal) {
  if (!(await supports('get', '/scans/{id}/events'))) {
    return h('details', { class: 'card' }, h('summary', null, h('h2', null, 'Scan events')),
      notice('Not available', 'This server does not offer the scan audit log (GET /api/v1/scans/{id}/events) yet.', null, 'unavailable'));
  }
  const data = await get(`/scans/${scanId}/events`, { per_page: 100 }, signal).catch((error) => ({ error }));
  return h('details', { class: 'card', id: 'scan-events' }, h('summary', null, h('h2', null, 'Scan events')),
    data.error ? notice('Could not load the events', describeError(data.error), null, 'error') : historyTable(data.items || data));
}

async function follow(scan, signal) {
  // Polls until the scan ends, then renders the page again with its findings.
  let wait = 1000;
  while (!signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (signal.aborted) return;
    let fresh;
    try {
      fresh = await get(`/scans/${scan.id}`, undefined, signal);
    } catch (error) {
      if (error.name === 'AbortError') return;
      wait = Math.min(wait * 2, 10000);
      continue;
    }
    const box = document.getElementById('scan-status');
    if (box) box.replaceWith(statusBox(fresh));
    if (TERMINAL.has(fresh.status)) {
      flash(`Scan ${fresh.status}`, fresh.status === 'completed' ? 'ok' : 'warn');
      go(...routeNow());
      return;
    }
    wait = Math.min(wait + 500, 3000);
  }
}

function routeNow() {
  const raw = window.location.hash.replace(/^#/, '');
  const [path, query = ''] = raw.split('?');
  return [path, Object.fromEntries(new URLSearchParams(query))];
}

export async function show({ params, query, signal }) {
  const current = state(query);
  const scan = await get(`/scans/${params.id}`, undefined, signal);
  const project = await get(`/projects/${scan.project_id}`, undefined, signal).catch(() => null);
  title(`Scan ${shortId(scan.id)}`);
  const active = !TERMINAL.has(scan.status);
  const cancel = active ? button('Cancel scan', async (event) => {
    event.target.disabled = true;
    try {
      await post(`/scans/${scan.id}/cancel`);
      go(...routeNow());
    } catch (error) {
      flash(describeError(error), 'error');
      event.target.disabled = false;
    }
  }, { class: 'btn btn-danger', id: 'cancel-scan' }) : null;
  const parts = [
    crumbs(['Projects', '#/projects'], [project?.name || 'Project', `#/projects/${scan.project_id}`], [`Scan ${shortId(scan.id)}`]),
    heading(`Scan ${shortId(scan.id)}`, scan.status === 'completed' ? h('a', { href: `#/scans/${scan.id}/diff`, class: 'btn' }, 'Diff against previous scan') : null, cancel),
    statusBox(scan),
  ];
  if (scan.status === 'completed') {
    const request = { ...filterQuery(current), sort: current.sort, page: current.page, per_page: current.per_page };
    const openId = query.get('finding');
    const [result, panel] = await Promise.all([
      get(`/scans/${scan.id}/findings`, request, signal),
      openId ? findingPanel(openId, href(`/scans/${scan.id}`, Object.fromEntries([...query].filter(([k]) => k !== 'finding'))), signal)
        .catch((error) => notice('Could not open the finding', describeError(error), null, 'error')) : null,
    ]);
    parts.push(h('section', { class: 'card', id: 'findings' },
      h('div', { class: 'section-head' }, h('h2', null, 'Findings'), exportButtons(scan.id, current)),
      h('details', { class: 'filters-box', open: !window.matchMedia('(max-width: 600px)').matches || FILTERS.some((name) => current[name]) },
        h('summary', null, `Filters and sorting${FILTERS.some((name) => current[name]) ? ' (active)' : ''}`), filtersForm(scan.id, current)),
      h('div', { class: panel ? 'with-panel' : null }, findingsTable(scan.id, result, current, openId), panel)));
  } else if (active) {
    parts.push(notice('Findings appear when the scan completes', 'This page follows the scan and shows them as soon as it ends.'));
  } else {
    parts.push(notice(`This scan ${scan.status === 'failed' ? 'failed' : 'was cancelled'}`, 'Start a new one from the project page with “Scan now”.',
      h('a', { href: `#/projects/${scan.project_id}`, class: 'btn' }, 'Go to the project')));
  }
  parts.push(await events(scan.id, signal));
  if (active) follow(scan, signal);
  return h('div', null, parts);
}
