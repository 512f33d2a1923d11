// Pure year-end reporting: scoring rules, the report builder and its renderers.
// The BullMQ job wiring is the second entry point, @app/reporting/jobs, so that importing this
// barrel never pulls Nest or Redis into a pure caller.
export { ScoringError, type ScoringErrorCode } from './scoring/errors';
export * from './scoring/scoring';
export * from './scoring/sangong';
export * from './report/build-report';
export * from './report/labels';
export { renderXlsx, sheetName, SHEET_NAMES } from './render/xlsx';
export { renderHtml } from './render/html';
export { cellText, type CellText, escapeHtml, MAX_CELL_TEXT } from './render/safe-text';
export { formatMoney, formatRate, formatScore } from './render/format';
