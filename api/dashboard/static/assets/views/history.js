// Audit history: who did what and when, read from the event store through the API.

import { get } from '../api.js';
import { h, notice, table } from '../dom.js';
import { time, words } from '../format.js';
import { crumbs, heading, pager, title } from '../page.js';
import { href } from '../router.js';

function change(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function changes(entry) {
  const fields = Object.entries(entry.changes || entry.data || {});
  if (!fields.length) return '';
  return h('ul', { class: 'changes' }, fields.map(([name, value]) => h('li', null, h('span', { class: 'mono' }, name), ': ',
    value && typeof value === 'object' && ('from' in value || 'to' in value) ? `${change(value.from)} → ${change(value.to)}` : change(value))));
}

export function historyTable(items) {
  if (!items?.length) return notice('Nothing recorded yet', 'Changes appear here as they happen.');
  return table(['When', 'What', 'Who', 'Details'], items.map((entry) => h('tr', null,
    h('td', null, time(entry.at || entry.timestamp)),
    h('td', null, words(entry.type || entry.event)),
    h('td', { class: 'mono wrap' }, entry.actor || '—'),
    h('td', { class: 'wrap' }, changes(entry)))), 'Audit history');
}

export async function project({ params, query, signal }) {
  const page = Math.max(1, Number(query.get('page')) || 1);
  const [projectData, history] = await Promise.all([
    get(`/projects/${params.id}`, undefined, signal),
    get(`/projects/${params.id}/history`, { page, per_page: 50 }, signal),
  ]);
  title(`History of ${projectData.name}`);
  return h('div', null,
    crumbs(['Projects', '#/projects'], [projectData.name, `#/projects/${params.id}`], ['Audit history']),
    heading('Audit history'),
    h('p', { class: 'muted' }, 'Every change to this project, oldest first, with the user or API key that made it.'),
    historyTable(history.items),
    pager(history.pagination, (number) => href(`/projects/${params.id}/history`, { page: number }), 'events'));
}
