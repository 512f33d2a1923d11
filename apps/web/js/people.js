// @ts-check
// Who did something, by name: a history entry's `actorName` when the api gives one, else the
// department's members (GET …/people), else what the actor is (数据导入, 本人); never an id.

import { getSession, getJson, statusOf } from './api.js';

/** @typedef {import('./types.js').Person} Person */

/** @type {Map<string, Promise<Map<string, string>>>} */
const cache = new Map();

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
const isRecord = (value) => typeof value === 'object' && value !== null;

/**
 * The people of an answer (a list, or a page's items), as id → display name.
 * @param {unknown} body
 */
function namesOf(body) {
  /** @type {Map<string, string>} */
  const names = new Map();
  const list = Array.isArray(body) ? body : isRecord(body) && Array.isArray(body.items) ? body.items : [];
  for (const p of list) {
    if (!isRecord(p) || typeof p.id !== 'string') continue;
    const name = [p.displayName, p.name, p.username].find((x) => typeof x === 'string' && x.trim());
    if (typeof name === 'string') names.set(p.id, name.trim());
  }
  return names;
}

/**
 * The department's members by id (loaded once per department; empty when the api has no list or
 * the account may not read it).
 * @param {string} department
 * @returns {Promise<Map<string, string>>}
 */
export function people(department) {
  let found = cache.get(department);
  if (!found) {
    found = getJson(`/api/departments/${encodeURIComponent(department)}/people`).then(namesOf, (error) => {
      if (statusOf(error) === 401) cache.delete(department);
      return new Map();
    });
    cache.set(department, found);
  }
  return found;
}

/** Forgets the lists (after signing out). */
export const forgetPeople = () => cache.clear();

/** Actors that are not people. */
const SYSTEM = /** @type {Record<string, string>} */ ({ import: '数据导入', api: '系统接口', cli: '命令行工具', system: '系统' });

/**
 * Who acted, in words.
 * @param {string | null | undefined} actor the id an event's metadata holds
 * @param {{ given?: string | null, names?: Map<string, string> }} [known] the api's actorName, the members
 */
export function actorName(actor, { given, names } = {}) {
  const me = getSession()?.user;
  const self = me && actor && (actor === me.id || actor === me.username);
  const name = (typeof given === 'string' && given.trim()) || (actor ? names?.get(actor) : undefined);
  if (self) return `${name || me.displayName || me.username}（本人）`;
  if (name) return name;
  if (!actor) return '—';
  return SYSTEM[actor] ?? '其他用户';
}
