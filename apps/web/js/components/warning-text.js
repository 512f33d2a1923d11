// @ts-check
// Server-written texts in the words of the page: data-quality warnings rebuilt from their fields
// and the plan (target ids and measure codes never shown), a report's reasons with attribute names
// and options as the catalog labels them, and whatever else is left scrubbed of codes.

import { meta } from '../meta.js';

/** @typedef {import('../types.js').CategorySpec} CategorySpec */
/** @typedef {import('../types.js').DataQualityWarning} DataQualityWarning */
/** @typedef {import('../types.js').Plan} Plan */
/** @typedef {import('../types.js').PlanRef} PlanRef */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A code in brackets: （kw-3-new-friendship-cities）, (dg-1-3). */
const BRACKETED_CODE = /[（(]\s*[A-Za-z][\w.:-]*\s*[)）]/g;
/** A bare code: kw-8-investment-info, new_friendship. */
const CODE = /(?<![A-Za-z0-9])[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+(?![A-Za-z0-9])/g;

/**
 * A server-written sentence without the codes and ids it may carry (≥ and ≤ for >= and <=).
 * @param {string} text
 */
export function scrub(text) {
  return text
    .replace(UUID, '')
    .replace(BRACKETED_CODE, '')
    .replace(/>=/g, '≥')
    .replace(/<=/g, '≤')
    .replace(CODE, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([，。；：、）])/g, '$1')
    .trim();
}

/**
 * The plan a target belongs to, in words: 重点工作 3, 部门整体绩效目标 1, <project> 目标 2.
 * @param {PlanRef} ref
 * @param {Plan | null} plan
 */
export function planRefText(ref, plan) {
  const kinds = meta().planKinds;
  if (ref.kind === 'key-work') return `${kinds['key-work']} ${ref.item}`;
  if (ref.kind === 'department-goal') return `${kinds['department-goal']} ${ref.goal}`;
  const project = plan?.projects.find((p) => p.code === ref.project);
  return `${project?.name ?? kinds['project-goal']} 目标 ${ref.goal}`;
}

/**
 * A measure's name by its code (one the plan does not define: 未定义的指标).
 * @param {string | null} code
 * @param {Plan | null} plan
 */
export const measureName = (code, plan) => (code ? (plan?.measures.find((m) => m.code === code)?.name ?? '本年度未定义的指标') : '');

/**
 * A data-quality warning in words.
 * @param {DataQualityWarning} w
 * @param {Plan | null} plan
 */
export function warningText(w, plan) {
  if (w.kind === 'conflicting-targets' && plan && w.measure) {
    const measure = plan.measures.find((m) => m.code === w.measure);
    const signs = meta().directions;
    const targets = plan.targets.filter((t) => t.measure === w.measure);
    if (measure && targets.length > 1) {
      const unit = (/** @type {string} */ u) => (u === '%' ? '%' : u);
      return `指标“${measure.name}”在不同计划中目标不一致：${targets
        .map((t) => `${planRefText(t.plan, plan)} ${signs[t.direction]}${t.value}${unit(t.unit || measure.unit)}`)
        .join('；')}`;
    }
  }
  if (w.kind === 'unknown-measure') {
    const m = /^“(.*)”计入的指标 .* 在 (\d{4}) 年度未定义$/.exec(w.message);
    if (m) return `“${m[1]}”计入了 ${m[2]} 年度未定义的指标`;
  }
  return scrub(w.message);
}

/**
 * Why an activity was left out of a figure (the report's `relation=友好交流城市；level=区级`), as
 * the catalog names attributes and options: 结好类型为“友好交流城市”，级别为“区级”，不符合统计条件.
 * @param {string} reason
 * @param {CategorySpec[]} catalog
 */
export function exclusionText(reason, catalog) {
  const attributes = catalog.flatMap((c) => c.attributes);
  const parts = reason
    .split(/[；;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return scrub(part);
      const name = part.slice(0, eq);
      const value = part.slice(eq + 1);
      const spec = attributes.find((a) => a.name === name);
      const shown = spec?.options?.[value] ?? (/[A-Za-z]/.test(value) && !spec ? '' : value);
      return spec ? `${spec.label}为“${shown || '（空）'}”` : '属性不符';
    });
  return parts.length ? `${parts.join('，')}，不符合统计条件` : '';
}
