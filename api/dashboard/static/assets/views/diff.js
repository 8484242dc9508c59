// A scan against an earlier one of the same project: new, fixed, removed and unchanged findings.

import { get } from '../api.js';
import { h, notice, select, table } from '../dom.js';
import { severity, shortId, when } from '../format.js';
import { crumbs, heading, title } from '../page.js';
import { go } from '../router.js';

const GROUPS = [
  ['new', 'New', 'Not in the base scan.'],
  ['fixed', 'Fixed', 'In the base scan, gone now.'],
  ['removed', 'Removed', 'Their file was deleted: not counted as fixed.'],
  ['unchanged', 'Unchanged', 'In both scans.'],
];

function group(name, label, explanation, items, scanId) {
  const body = items.length
    ? table(['Severity', 'Finding', 'Location'], items.map((finding) => h('tr', null,
      h('td', null, severity(finding.severity)),
      h('td', null, h('a', { href: `#/scans/${scanId}?finding=${finding.id}` }, finding.title || finding.rule_id)),
      h('td', { class: 'mono wrap' }, `${finding.file_path}:${finding.start_line}`))), `${label} findings`)
    : h('p', { class: 'muted' }, 'None.');
  return h('section', { class: 'card', id: `diff-${name}` }, h('h2', null, `${label} (${items.length})`), h('p', { class: 'muted' }, explanation), body);
}

export async function show({ params, query, signal }) {
  const base = query.get('base') || '';
  const scan = await get(`/scans/${params.id}`, undefined, signal);
  const [diff, project, earlier] = await Promise.all([
    get(`/scans/${params.id}/diff`, { base }, signal),
    get(`/projects/${scan.project_id}`, undefined, signal).catch(() => null),
    get('/scans', { project_id: scan.project_id, status: 'completed', per_page: 100 }, signal),
  ]);
  title(`Diff of scan ${shortId(scan.id)}`);
  const choices = earlier.items.filter((s) => s.id !== scan.id).map((s) => [s.id, `${when(s.created_at)} · ${shortId(s.id)}`]);
  const chooser = choices.length ? h('label', { class: 'field inline' }, h('span', null, 'Base scan '),
    select('base', [['', 'previous completed scan'], ...choices], base, { id: 'diff-base', on: { change: (event) => go(`/scans/${scan.id}/diff`, { base: event.target.value }) } })) : null;
  const parts = [
    crumbs(['Projects', '#/projects'], [project?.name || 'Project', `#/projects/${scan.project_id}`], [`Scan ${shortId(scan.id)}`, `#/scans/${scan.id}`], ['Diff']),
    heading(`Diff of scan ${shortId(scan.id)}`, chooser),
  ];
  if (!diff.base_scan_id) {
    parts.push(notice('Nothing to compare with', 'This is the first completed scan of this project and ref; run another scan to see what changed.'));
    return h('div', null, parts);
  }
  parts.push(h('p', null, 'Compared with ', h('a', { href: `#/scans/${diff.base_scan_id}` }, `scan ${shortId(diff.base_scan_id)}`), '.'));
  parts.push(h('div', { class: 'stats' }, GROUPS.map(([name, label]) => h('a', { class: 'stat', href: `#/scans/${scan.id}/diff${base ? `?base=${base}` : ''}`, on: { click: (event) => {
    event.preventDefault();
    document.getElementById(`diff-${name}`)?.scrollIntoView();
  } } }, h('span', { class: 'stat-value' }, String(diff.counts[name] ?? 0)), h('span', { class: 'stat-label' }, label)))));
  for (const [name, label, explanation] of GROUPS) {
    const inBase = name === 'fixed' || name === 'removed';
    parts.push(group(name, label, explanation, diff[name] || [], inBase ? diff.base_scan_id : scan.id));
  }
  return h('div', null, parts);
}
