// @ts-check
// Written by scripts/web-page-modules.mjs from the pages' static imports; do not edit by hand
// (apps/api/test/web-shell.spec.ts fails when it is out of date). Each page's modules beyond the
// shell's, which early.js preloads when the address opens that page.

/** @type {Record<import('./routes.js').PageName, string[]>} */
export const PAGE_MODULES = {
  activities: [
    '/js/components/activity-detail.js',
    '/js/components/activity-form.js',
    '/js/components/activity-history.js',
    '/js/components/activity-list.js',
    '/js/components/attribute-inputs.js',
    '/js/components/form-fields.js',
    '/js/components/reason-dialog.js',
    '/js/data.js',
    '/js/pages/activities.js',
  ],
  admin: [
    '/js/components/activity-list.js',
    '/js/components/admin-departments.js',
    '/js/components/admin-users.js',
    '/js/components/audit-log.js',
    '/js/components/form-dialog.js',
    '/js/components/reason-dialog.js',
    '/js/components/role-grants.js',
    '/js/data.js',
    '/js/pages/admin.js',
  ],
  audit: ['/js/components/activity-list.js', '/js/components/audit-log.js', '/js/data.js', '/js/pages/audit.js'],
  dashboard: [
    '/js/chart.js',
    '/js/components/dashboard-panels.js',
    '/js/components/progress-summary.js',
    '/js/components/sangong-panel.js',
    '/js/components/target-cards.js',
    '/js/components/warning-text.js',
    '/js/data.js',
    '/js/pages/dashboard.js',
  ],
  import: [
    '/js/components/activity-list.js',
    '/js/components/import-preview.js',
    '/js/components/import-upload.js',
    '/js/data.js',
    '/js/pages/import.js',
  ],
  plans: [
    '/js/components/plan-form.js',
    '/js/components/plan-kinds.js',
    '/js/components/plan-model.js',
    '/js/components/plan-preview.js',
    '/js/components/plan-sections.js',
    '/js/components/plan-targets.js',
    '/js/data.js',
    '/js/pages/plans.js',
  ],
  reports: [
    '/js/chart.js',
    '/js/components/report-evaluation.js',
    '/js/components/report-format.js',
    '/js/components/report-jobs.js',
    '/js/components/report-preview.js',
    '/js/components/report-sangong.js',
    '/js/components/warning-text.js',
    '/js/data.js',
    '/js/pages/reports.js',
  ],
  sangong: [
    '/js/chart.js',
    '/js/components/form-fields.js',
    '/js/components/reason-dialog.js',
    '/js/components/sangong-panel.js',
    '/js/data.js',
    '/js/pages/sangong.js',
  ],
};
