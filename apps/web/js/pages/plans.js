// @ts-check
import { statusOf } from '../api.js';
import { budgetSection, departmentGoalsSection, figuresSection, keyWorkSection, projectGoalsSection } from '../components/plan-sections.js';
import { fetchPlan } from '../data.js';
import { h, mount, toast } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { people } from '../people.js';

/** @typedef {import('../types.js').Child} Child */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../types.js').Plan} Plan */

/**
 * The sections, in the order of the chips: the three plans, then budgets and entered figures.
 * @returns {[string, string, (ctx: PageContext, plan: Plan, names: Map<string, string>) => Child][]}
 */
function sections() {
  const kinds = meta().planKinds;
  return [
    ['key-work', kinds['key-work'], keyWorkSection],
    ['department-goal', kinds['department-goal'], departmentGoalsSection],
    ['project-goal', kinds['project-goal'], projectGoalsSection],
    ['budget', '预算与“三公”', (_ctx, plan) => budgetSection(plan)],
    ['figures', '填报数值与扣分', (_ctx, plan, names) => figuresSection(plan, names)],
  ];
}

/**
 * 计划与目标: the three plans that carry targets, with every revision shown.
 * @param {HTMLElement} container
 * @param {PageContext} ctx
 */
export function render(container, ctx) {
  const all = sections();
  let section = ctx.params.get('plan') ?? 'key-work';
  /** @type {Plan | null} */
  let plan = null;
  /** @type {Map<string, string>} */
  let names = new Map();
  const content = h('div', { class: 'plan-content' });

  function draw() {
    const drawn = all.find(([key]) => key === section);
    if (plan && drawn) mount(content, drawn[2](ctx, plan, names));
  }

  const chips = h(
    'div',
    { class: 'chips', role: 'tablist' },
    all.map(([key, label]) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: `chip${key === section ? ' active' : ''}`,
          'aria-selected': String(key === section),
          dataset: { section: key },
          onclick: () => {
            section = key;
            ctx.setParams({ plan: key });
            for (const c of chips.querySelectorAll('button')) {
              c.classList.toggle('active', c.dataset.section === key);
              c.setAttribute('aria-selected', String(c.dataset.section === key));
            }
            draw();
          },
        },
        label,
      ),
    ),
  );
  mount(
    container,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('h1', {}, `${ctx.year} 年度计划与目标`),
        h('p', { class: 'muted' }, '重点工作、部门整体绩效目标和项目绩效目标对同一指标可能设定不同的目标值，各按其计划核对。'),
      ),
    ),
    chips,
    content,
  );

  Promise.all([fetchPlan(ctx), people(ctx.department.code)])
    .then(([p, n]) => {
      plan = p;
      names = n;
      draw();
    })
    .catch((error) => statusOf(error) !== 401 && toast(`加载计划失败：${errorText(error)}`, 'error'));
}
