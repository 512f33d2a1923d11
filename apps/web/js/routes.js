// @ts-check
// The app's addresses, parsed strictly: #/<department>/<year>/<page>[/<activity id>]?<query>.
// Anything else is a partial address (completed once, by a replace) or an unknown one (页面不存在);
// a route never yields NaN or an address that would redirect again.

/** @typedef {import('./types.js').Route} Route */

/** The pages of a department-year, in the order of the tabs. */
export const PAGE_NAMES = /** @type {const} */ (['dashboard', 'activities', 'sangong', 'plans', 'reports', 'import', 'audit', 'admin']);
/** @typedef {(typeof PAGE_NAMES)[number]} PageName */

/** Years the app opens: four digits, within reason. */
const YEAR = /^(19[7-9]\d|20\d\d|2100)$/;
/** A department code as the api accepts one (lower-case letters, digits, '-', '_'). */
const DEPARTMENT = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** An activity id (a UUID). */
const ACTIVITY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * @param {string} name
 * @returns {name is PageName}
 */
export const isPageName = (name) => /** @type {readonly string[]} */ (PAGE_NAMES).includes(name);

/**
 * Decodes one path segment; a malformed escape makes the whole address unknown.
 * @param {string} segment
 * @returns {string | null}
 */
function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The route an address names.
 * - `#/`, `#` → home (the last or first department, its current year, the dashboard)
 * - `#/login?next=…` → the sign-in page
 * - `#/<dept>`, `#/<dept>/<page>` → partial: completed with a year
 * - `#/<dept>/<year>` → that year's dashboard (partial: completed with the page)
 * - `#/<dept>/<year>/<page>` → a page; `#/<dept>/<year>/activities/<id>` → one activity
 * - anything else → unknown
 * @param {string} hash
 * @returns {Route}
 */
export function parseRoute(hash) {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const decoded = path.split('/').filter(Boolean).map(decode);
  if (decoded.some((p) => p === null)) return { kind: 'unknown', department: null, params };
  const parts = /** @type {string[]} */ (decoded);
  if (parts.length === 0) return { kind: 'home', params };
  if (parts[0] === 'login' && parts.length === 1) return { kind: 'login', next: params.get('next'), params };
  const [department, second, third, fourth, ...rest] = parts;
  if (!DEPARTMENT.test(department)) return { kind: 'unknown', department: null, params };
  if (second === undefined) return { kind: 'partial', department, year: null, page: 'dashboard', params };
  if (!YEAR.test(second)) {
    // #/wh-fao/plans: a page without its year.
    if (isPageName(second) && third === undefined) return { kind: 'partial', department, year: null, page: second, params };
    return { kind: 'unknown', department, params };
  }
  const year = Number(second);
  if (third === undefined) return { kind: 'partial', department, year, page: 'dashboard', params };
  if (!isPageName(third) || rest.length > 0) return { kind: 'unknown', department, params };
  if (fourth === undefined) return { kind: 'page', department, year, page: third, activity: null, params };
  if (third === 'activities' && ACTIVITY_ID.test(fourth)) return { kind: 'page', department, year, page: third, activity: fourth, params };
  return { kind: 'unknown', department, params };
}

/**
 * The address of a page (and of one activity on the activities page).
 * @param {string} department
 * @param {number | string} year
 * @param {string} page
 * @param {Record<string, string | number | undefined>} [params]
 * @param {string | null} [activity]
 */
export function href(department, year, page, params = {}, activity = null) {
  const q = new URLSearchParams(
    Object.entries(params).flatMap(([k, v]) => (v !== undefined && v !== null && v !== '' ? [[k, String(v)]] : [])),
  ).toString();
  const tail = activity ? `/${encodeURIComponent(activity)}` : '';
  return `#/${encodeURIComponent(department)}/${year}/${page}${tail}${q ? `?${q}` : ''}`;
}

/**
 * The same page (department, year, page and query), whatever activity is open on it.
 * @param {Route} a
 * @param {Route} b
 */
export function samePage(a, b) {
  return (
    a.kind === 'page' &&
    b.kind === 'page' &&
    a.department === b.department &&
    a.year === b.year &&
    a.page === b.page &&
    a.params.toString() === b.params.toString()
  );
}
