// @ts-check
import { api, ApiError, can, getJson, liveUpdates, statusOf } from '../api.js';
import { openPlanForm, planReason } from '../components/plan-form.js';
import { reportWords } from '../components/plan-model.js';
import { previewPanel } from '../components/plan-preview.js';
import {
  analysisSection,
  budgetSection,
  departmentGoalsSection,
  figuresSection,
  keyWorkSection,
  measuresSection,
  projectGoalsSection,
} from '../components/plan-sections.js';
import { deptPath } from '../data.js';
import { debounce, dialog, h, mount, toast } from '../dom.js';
import { errorText } from '../errors.js';
import { meta } from '../meta.js';
import { people } from '../people.js';

/** @typedef {import('../types.js').Child} Child */
/** @typedef {import('../types.js').PageContext} PageContext */
/** @typedef {import('../components/plan-model.js').EditorPlan} Plan */
/** @typedef {import('../components/plan-model.js').ScorePreview} ScorePreview */
/** @typedef {import('../components/plan-sections.js').SectionContext} SectionContext */
/** @typedef {import('../components/plan-targets.js').PlanEditor} PlanEditor */

/** Projections whose changes move the plan or the scores. */
const LIVE_PROJECTIONS = new Set(['plans', 'activities']);

/**
 * The sections, in the order of the chips: the three plans, the measures, then budgets, entered
 * figures and 偏差分析.
 * @returns {[string, string, (s: SectionContext) => Child][]}
 */
function sections() {
  const kinds = meta().planKinds;
  return [
    ['key-work', kinds['key-work'], keyWorkSection],
    ['department-goal', kinds['department-goal'], departmentGoalsSection],
    ['project-goal', kinds['project-goal'], projectGoalsSection],
    ['measures', '指标', measuresSection],
    ['budget', '预算与“三公”', budgetSection],
    ['figures', '填报数值与扣分', figuresSection],
    ['analysis', '偏差分析', analysisSection],
  ];
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 计划与目标: the three plans that carry targets, with every revision shown; for those who may
 * change plans (报表人员), a form for each change, and for everyone the scores the plan would give.
 * @param {HTMLElement} container
 * @param {PageContext} ctx
 */
export function render(container, ctx) {
  const all = sections();
  const yearPath = `${deptPath(ctx)}/years/${ctx.year}`;
  const editable = can(ctx.department.code, 'reporter');
  let section = all.some(([key]) => key === ctx.params.get('plan')) ? String(ctx.params.get('plan')) : 'key-work';
  /** @type {Plan | null} */
  let plan = null;
  /** @type {Map<string, string>} */
  let names = new Map();
  /** The newest plan version this page wrote: what it reads must have caught up with it. */
  let written = 0;
  let ended = false;
  const content = h('div', { class: 'plan-content' });
  const notice = h('div', { class: 'plan-notice', 'data-testid': 'plan-notice' });
  const copyButton = editable
    ? h(
        'button',
        { type: 'button', class: 'secondary plan-edit', 'data-testid': 'copy-next-year', hidden: true, onclick: () => copyToNextYear() },
        '从本年度计划生成下一年度',
      )
    : null;
  const preview = previewPanel();

  /** @type {PlanEditor | null} */
  const editor = editable
    ? {
        open: (kind, initial, editing) => {
          if (!plan) return;
          openPlanForm(kind, {
            ctx: { plan, catalog: ctx.department.catalog, year: ctx.year },
            channel: {
              path: `${yearPath}/plan/changes`,
              version: Math.max(plan.version, written),
              onSaved: (version, title) => {
                toast(`已保存：${title}`, 'success');
                written = Math.max(written, version);
                void caughtUp(version);
              },
              onReload: () => void reload(),
            },
            initial,
            editing,
          });
        },
      }
    : null;

  function draw() {
    const drawn = all.find(([key]) => key === section);
    if (!plan || !drawn) return;
    mount(content, drawn[2]({ ctx, plan, names, editor }));
    // Only a plan with something in it starts the next year.
    if (copyButton) copyButton.hidden = plan.measures.length + plan.keyWork.length + plan.goals.length === 0;
    const carried = plan.targets.filter((t) => t.carriedOver).length;
    mount(
      notice,
      plan.copiedFrom
        ? h(
            'p',
            { class: 'plan-copied' },
            `本年度计划由 ${plan.copiedFrom} 年度计划生成。`,
            carried
              ? `有 ${carried} 个目标值沿用上年，${editable ? '请逐项确认或修改' : '尚待报表人员确认'}。`
              : '沿用上年的目标值均已确认。',
          )
        : null,
    );
  }

  /** @returns {Promise<Plan>} */
  const fetchPlan = () => getJson(`${yearPath}/plan`);
  /** @returns {Promise<ScorePreview>} */
  const fetchPreview = () => getJson(`${yearPath}/plan/score-preview`);

  /** The scores again (the plan read at `version` or later). */
  async function loadPreview(version = 0) {
    try {
      let scores = await fetchPreview();
      for (let n = 0; scores.planVersion < version && n < 10 && !ended; n++) {
        await sleep(200);
        scores = await fetchPreview();
      }
      if (!ended) preview.show(scores);
    } catch (error) {
      if (statusOf(error) !== 401 && !ended) preview.failed(error);
    }
  }

  /** Plan and scores as they are now (a live notice, a reconnect, the reload after a conflict). */
  async function reload() {
    try {
      const p = await fetchPlan();
      if (ended) return;
      // An answer older than this page's own change (the worker has not applied it yet) waits.
      if (p.version >= written) {
        plan = p;
        draw();
      }
      void loadPreview(written);
    } catch (error) {
      if (statusOf(error) !== 401) toast(`加载计划失败：${errorText(error)}`, 'error');
    }
  }

  /**
   * After a change: the plan as soon as the read model has it, then the scores it gives.
   * @param {number} version
   */
  async function caughtUp(version) {
    preview.busy();
    for (let n = 0; n < 40 && !ended; n++) {
      try {
        const p = await fetchPlan();
        if (p.version >= version) {
          if (version === written) {
            plan = p;
            draw();
          }
          break;
        }
      } catch (error) {
        if (statusOf(error) === 401) return;
      }
      await sleep(Math.min(150 * (n + 1), 1000));
    }
    await loadPreview(version);
  }

  /**
   * Waits (a few seconds at most) until the plan at `path` is read at `version` or later.
   * @param {string} path
   * @param {number} version
   */
  async function projectedPlan(path, version) {
    for (let n = 0; n < 20 && !ended; n++) {
      /** @type {Plan} */
      const p = await getJson(path);
      if (p.version >= version) return;
      await sleep(Math.min(150 * (n + 1), 1000));
    }
  }

  /** 从本年度计划生成下一年度: copies this year's plan to the next, then opens it. */
  function copyToNextYear() {
    const next = ctx.year + 1;
    const key = `copy-${ctx.department.code}-${ctx.year}-${next}-${Date.now().toString(36)}`;
    const error = h('p', { class: 'form-error', role: 'alert' });
    const go = h('button', { type: 'button', class: 'primary', 'data-testid': 'confirm-copy' }, `生成 ${next} 年度计划`);
    const box = dialog(
      '从本年度计划生成下一年度',
      h(
        'div',
        {},
        h(
          'p',
          {},
          `将本年度的指标、重点工作（含里程碑）、项目、绩效目标和目标值（含分值）复制到 ${next} 年度。复制的目标值标为“${reportWords().carriedOver}”，须在 ${next} 年度逐项确认或修改。`,
        ),
        h('p', { class: 'muted' }, `预算、填报数值、“三公”预算和扣分不复制。${next} 年度已有的内容保留，不会重复复制。`),
        error,
        h('div', { class: 'form-actions' }, go),
      ),
    );
    go.addEventListener('click', async () => {
      go.disabled = true;
      error.textContent = '';
      try {
        /** @type {{ body: { version: number } }} */
        const copied = await api(`${deptPath(ctx)}/years/${next}/plan/copy-from/${ctx.year}`, {
          method: 'POST',
          headers: { 'Idempotency-Key': key },
        });
        // The next year's page reads the plan as projected: open it once the copy shows there.
        await projectedPlan(`${deptPath(ctx)}/years/${next}/plan`, copied.body.version);
        box.close();
        toast(`已生成 ${next} 年度计划`, 'success');
        ctx.navigate(ctx.href(ctx.department.code, next, 'plans'));
      } catch (err) {
        const reasons = err instanceof ApiError && err.status === 400 ? err.fieldErrors.map((f) => planReason(f.reason)) : [];
        error.textContent = statusOf(err) === 403 ? '当前账号无权修改计划。' : reasons.length ? reasons.join('；') : errorText(err);
        go.disabled = false;
      }
    });
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
        editable ? h('p', { class: 'muted small' }, '每项修改都会记录修改人、时间和原因；保存后“预计得分”随即更新。') : null,
      ),
      copyButton ? h('div', { class: 'head-controls' }, copyButton) : null,
    ),
    notice,
    h(
      'div',
      { class: 'plan-layout' },
      h('div', { class: 'plan-main' }, chips, content),
      h('aside', { class: 'plan-aside', tabindex: 0, 'aria-label': '预计得分' }, preview.element),
    ),
  );

  const refresh = debounce(() => void reload(), 300);
  const live = liveUpdates(ctx.department.code, {
    onProjected: (n) => LIVE_PROJECTIONS.has(n.projection) && refresh(),
    onReconnect: ({ first }) => !first && refresh(),
  });

  Promise.all([fetchPlan(), people(ctx.department.code)])
    .then(([p, n]) => {
      if (ended) return;
      plan = p;
      names = n;
      draw();
    })
    .catch((error) => statusOf(error) !== 401 && toast(`加载计划失败：${errorText(error)}`, 'error'));
  void loadPreview();

  return () => {
    ended = true;
    live.close();
  };
}
