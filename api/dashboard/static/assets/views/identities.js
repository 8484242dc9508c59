// A project's findings across scans (identities): open, fixed, removed or reopened, with their triage.

import { get, supports } from '../api.js';
import { h, notice, select, table } from '../dom.js';
import { SEVERITIES, severity, time, words } from '../format.js';
import { crumbs, heading, pager, title } from '../page.js';
import { go, href } from '../router.js';

const STATES = ['open', 'reopened', 'fixed', 'removed'];
const SORTS = [['-severity', 'Worst first'], ['path', 'Path A–Z'], ['rule', 'Rule A–Z'], ['-last_seen_at', 'Last seen, newest'], ['-first_seen_at', 'First seen, newest']];

export async function show({ params, query, signal }) {
  const project = await get(`/projects/${params.id}`, undefined, signal);
  title(`Findings of ${project.name}`);
  const top = [crumbs(['Projects', '#/projects'], [project.name, `#/projects/${project.id}`], ['Findings']), heading(`Findings of ${project.name}`)];
  if (!(await supports('get', '/projects/{id}/findings'))) {
    return h('div', null, top, notice('Not available', 'This server does not offer project findings (GET /api/v1/projects/{id}/findings) yet; open a scan to see its findings.', null, 'unavailable'));
  }
  const current = {
    state: query.get('state') ?? 'open,reopened',
    severity: SEVERITIES.includes(query.get('severity')) ? query.get('severity') : '',
    sort: SORTS.some(([value]) => value === query.get('sort')) ? query.get('sort') : '-severity',
    page: Math.max(1, Number(query.get('page')) || 1),
  };
  const result = await get(`/projects/${project.id}/findings`, { ...current, per_page: 50 }, signal);
  const update = (change) => go(`/projects/${project.id}/findings`, { ...current, page: '', ...change });
  const controls = h('div', { class: 'filters' },
    h('label', { class: 'field' }, h('span', null, 'State'), select('state', [['open,reopened', 'open'], ['fixed', 'fixed'], ['removed', 'removed'], ['', 'any']], current.state, { id: 'identity-state', on: { change: (e) => update({ state: e.target.value }) } })),
    h('label', { class: 'field' }, h('span', null, 'Severity'), select('severity', [['', 'any'], ...SEVERITIES.map((s) => [s, s])], current.severity, { id: 'identity-severity', on: { change: (e) => update({ severity: e.target.value }) } })),
    h('label', { class: 'field' }, h('span', null, 'Sort'), select('sort', SORTS, current.sort, { id: 'identity-sort', on: { change: (e) => update({ sort: e.target.value }) } })));
  const body = result.items.length
    ? table(['Severity', 'Finding', 'Location', 'State', 'Triage', 'First seen', 'Last seen'], result.items.map((item) => h('tr', null,
      h('td', null, severity(item.severity)),
      h('td', null, item.last_seen_scan_id
        ? h('a', { href: href(`/scans/${item.last_seen_scan_id}`, { rule_id: item.rule_id, path: item.file_path }) }, item.title || item.rule_id)
        : item.title || item.rule_id, h('div', { class: 'muted mono small wrap' }, item.rule_id)),
      h('td', { class: 'mono wrap' }, item.file_path || '—'),
      h('td', null, h('span', { class: `badge state-${STATES.includes(item.state) ? item.state : 'unknown'}` }, item.state)),
      h('td', null, words(item.status)),
      h('td', null, time(item.first_seen_at)),
      h('td', null, time(item.last_seen_at)))), 'Project findings')
    : notice('No findings in this view', current.state === 'open,reopened' ? 'Nothing is open. Run a scan, or look at fixed findings.' : 'Try another state or severity.');
  return h('div', null, top,
    h('p', { class: 'muted' }, 'One row per finding across all scans of this project and ref; triage sticks to it in later scans.'),
    controls, body,
    pager(result.pagination, (number) => href(`/projects/${project.id}/findings`, { ...current, page: number }), 'findings'));
}
