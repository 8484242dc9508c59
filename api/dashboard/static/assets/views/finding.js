// The finding panel: where it is, the code snippet, the fix hint, triage and its history.

import { get, put } from '../api.js';
import { definitionList, field, h, select } from '../dom.js';
import { TRIAGE_STATUSES, severity, time, words } from '../format.js';
import { apiForm, flash } from '../page.js';
import { go } from '../router.js';

/** The snippet line by line, each with its number; text nodes only. */
export function snippet(text, startLine) {
  const lines = String(text || '').replace(/\n$/, '').split('\n');
  const first = Number(startLine) || 1;
  return h('pre', { class: 'snippet', tabindex: '0', 'aria-label': 'Code snippet' },
    h('code', null, lines.map((line, index) => h('span', { class: 'line' },
      h('span', { class: 'ln', 'aria-hidden': 'true' }, String(first + index)), line, '\n'))));
}

function location(finding) {
  const lines = finding.end_line && finding.end_line !== finding.start_line ? `${finding.start_line}–${finding.end_line}` : `${finding.start_line}`;
  return h('span', { class: 'mono wrap' }, `${finding.file_path}:${lines}`);
}

function triageForm(finding, onDone) {
  const current = finding.status || 'open';
  return apiForm({
    label: 'Save triage',
    id: 'triage-form',
    handler: async (values) => {
      const body = { status: values.status };
      if (values.reason.trim()) body.reason = values.reason.trim();
      if (values.comment.trim()) body.comment = values.comment.trim();
      if (values.expires_at) body.expires_at = new Date(`${values.expires_at}T23:59:59Z`).toISOString();
      await put(`/findings/${finding.id}/triage`, body);
      flash(`Finding marked ${words(values.status)}`);
      onDone();
    },
  },
  field('Status', select('status', TRIAGE_STATUSES.map((s) => [s, words(s)]), current, { id: 'triage-status' })),
  field('Reason', h('input', { name: 'reason', id: 'triage-reason', maxlength: 500 }), 'Why; kept with the decision'),
  field('Comment', h('textarea', { name: 'comment', id: 'triage-comment', rows: 3, maxlength: 5000 })),
  field('Accepted until', h('input', { name: 'expires_at', type: 'date', id: 'triage-expires' }), 'Optional: an accepted risk opens again after this day'));
}

function history(entries) {
  if (!entries?.length) return h('p', { class: 'muted' }, 'Not triaged yet: it is open.');
  return h('ol', { class: 'timeline' }, [...entries].reverse().map((entry) => h('li', null,
    h('div', null, h('strong', null, words(entry.status)), ' · ', time(entry.at), ' · ', h('span', { class: 'mono' }, entry.actor || 'unknown')),
    entry.reason ? h('div', null, 'Reason: ', entry.reason) : null,
    entry.comment ? h('div', { class: 'pre-wrap' }, entry.comment) : null,
    entry.expires_at ? h('div', null, 'Until ', time(entry.expires_at)) : null)));
}

/** The panel for one finding; `closeHref` leads back to the list it was opened from. */
export async function findingPanel(findingId, closeHref, signal) {
  const finding = await get(`/findings/${findingId}`, undefined, signal);
  const refresh = () => go(...currentRoute());
  return h('aside', { class: 'card finding-panel', id: 'finding-panel', 'aria-labelledby': 'finding-title' },
    h('div', { class: 'section-head' },
      h('h2', { id: 'finding-title', tabindex: '-1' }, finding.title || finding.rule_id),
      h('a', { href: closeHref, class: 'btn', 'aria-label': 'Close the finding' }, 'Close ✕')),
    h('p', null, severity(finding.severity), ' ', h('span', { class: 'badge' }, words(finding.status)), finding.is_new ? h('span', { class: 'badge badge-new' }, 'new') : null),
    definitionList([
      ['Location', location(finding)],
      ['Rule', h('span', { class: 'mono wrap' }, finding.rule_id)],
      ['Engine', finding.engine],
      ['Confidence', finding.confidence || '—'],
      finding.cwe?.length ? ['CWE', finding.cwe.join(', ')] : null,
      finding.owasp?.length ? ['OWASP', finding.owasp.join(', ')] : null,
      ['Fingerprint', h('span', { class: 'mono wrap' }, finding.fingerprint)],
    ]),
    finding.message ? h('p', { class: 'message pre-wrap' }, finding.message) : null,
    snippet(finding.snippet, finding.start_line),
    finding.fix ? h('div', { class: 'fix' }, h('h3', null, 'How to fix'), h('p', { class: 'pre-wrap' }, finding.fix)) : null,
    h('h3', null, 'Triage'),
    triageForm(finding, refresh),
    h('h3', null, 'History'),
    history(finding.triage_history));
}

function currentRoute() {
  const raw = window.location.hash.replace(/^#/, '');
  const [path, query = ''] = raw.split('?');
  return [path, Object.fromEntries(new URLSearchParams(query))];
}

/** #/findings/<id>: opens the finding in its scan. */
export async function show({ params, signal }) {
  const finding = await get(`/findings/${params.id}`, undefined, signal);
  go(`/scans/${finding.scan_id}`, { finding: finding.id });
  return h('p', { class: 'muted' }, 'Opening the finding…');
}
