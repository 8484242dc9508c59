// How values are shown: dates, durations, severities and statuses.

import { h } from './dom.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
export const ENGINES = ['sast', 'secrets', 'dependencies'];
export const TRIAGE_STATUSES = ['open', 'false_positive', 'accepted_risk', 'used_in_tests', 'mitigating_control', 'not_applicable'];
export const SCAN_TYPES = ['full', 'sast', 'secrets', 'dependencies'];
export const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

export function words(value) {
  return String(value ?? '').replaceAll('_', ' ');
}

export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function time(iso) {
  return h('time', { datetime: iso || '' }, when(iso));
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export function severity(name) {
  return h('span', { class: `badge sev-${SEVERITIES.includes(name) ? name : 'unknown'}` }, name || '—');
}

export function scanStatus(status) {
  return h('span', { class: `badge status-${status}` }, status);
}

export function shortId(id) {
  return String(id || '').slice(0, 8);
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}
