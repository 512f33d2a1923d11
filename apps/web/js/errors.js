// @ts-check
// What went wrong, in Chinese: the api's answers carry a stable code (`error`), and the page says
// that code in its own words; the server's English `message` is never shown.

import { ApiError } from './api.js';

/** @typedef {import('./types.js').ErrorCode} ErrorCode */

/**
 * One sentence per code the api serves (GET /api/meta `errorCodes`); typed against the server's
 * list, so a new code without words here fails the type check.
 * @satisfies {Record<ErrorCode, string>}
 */
export const ERROR_TEXT = {
  'VALIDATION.FAILED': '填写的内容有误，请检查后重试。',
  'SCORING.INVALID_INPUT': '计分所需的数据有误，请检查计划和填报数值。',
  'SCORING.EMPTY_GROUP': '计分所需的数据不完整，请检查计划中的目标。',
  MALFORMED_JSON: '请求格式有误，请刷新页面后重试。',
  BAD_REQUEST: '请求有误，请刷新页面后重试。',
  'AUTH.UNAUTHENTICATED': '登录已过期，请重新登录。',
  'AUTH.INVALID_CREDENTIALS': '用户名或密码错误。',
  'AUTH.FORBIDDEN': '当前账号无权查看或进行此操作。',
  'AUTH.RATE_LIMITED': '尝试次数过多，请稍后再试。',
  'DEPARTMENT.NOT_FOUND': '未找到该部门。',
  'ACTIVITY.NOT_FOUND': '未找到该活动。',
  'MEASURE.NOT_FOUND': '未找到该指标。',
  'TARGET.NOT_FOUND': '未找到该目标。',
  'KEY_WORK_ITEM.NOT_FOUND': '未找到该项重点工作。',
  'ADJUSTMENT.NOT_FOUND': '未找到该扣分记录。',
  'USER.NOT_FOUND': '未找到该用户。',
  'SANGONG.NOT_FOUND': '未找到该“三公”经费记录。',
  'REPORT.NOT_FOUND': '未找到该报告，可能已被新的报告取代。',
  'REPORT_JOB.NOT_FOUND': '未找到该报告生成任务。',
  'CATEGORY.NOT_FOUND': '未找到该类别。',
  'IMPORT.PREVIEW_NOT_FOUND': '该导入预览已过期（一小时内有效）或不存在，请重新上传文件。',
  'STREAM.VERSION_CONFLICT': '该记录已被他人修改，您的修改未保存。请重新加载后再试。',
  'DEPARTMENT.ALREADY_EXISTS': '该部门已存在。',
  'ACTIVITY.ALREADY_EXISTS': '该活动已登记。',
  'ACTIVITY.ALREADY_WITHDRAWN': '该活动已撤回。',
  'ACTIVITY.NOT_WITHDRAWN': '该活动未撤回，无需恢复。',
  'TARGET.ALREADY_SET': '该目标已设定。',
  'ADJUSTMENT.ALREADY_RECORDED': '该扣分已记录。',
  'SANGONG.ALREADY_EXISTS': '该“三公”经费记录已存在。',
  'SANGONG.ALREADY_WITHDRAWN': '该“三公”经费记录已撤回。',
  'SANGONG.NOT_WITHDRAWN': '该“三公”经费记录未撤回，无需恢复。',
  'USER.USERNAME_TAKEN': '该用户名已被使用。',
  'USER.LAST_ADMIN': '不能停用或降级最后一名管理员。',
  'REPORT.SUPERSEDED': '该报告已被更新的报告取代，请查看最新的报告。',
  PAYLOAD_TOO_LARGE: '提交的内容过长。',
  UNSUPPORTED_MEDIA_TYPE: '请求格式有误，请刷新页面后重试。',
  'COMMAND.KEY_REUSED': '这次提交与先前的一次提交冲突，未执行。请刷新页面后重新填写。',
  'REPORT.QUOTA_EXCEEDED': '生成报告的次数已达上限，请稍后再试。',
  INTERNAL: '服务器出现错误，请稍后再试。',
  'REPORT.MISSING': '报告文件缺失，请重新生成。',
  'REPORT.INPUT_MISMATCH': '报告所需的数据不一致，请重新生成。',
  'REPORT_JOB.RESULT_MISSING': '报告生成结果缺失，请重新生成。',
  'REPORT_JOB.FAILED': '报告生成失败，请稍后重试。',
  'EVENT.UPCAST_FAILED': '历史数据读取失败，请联系管理员。',
  'INSTALLATION.MISSING': '系统尚未初始化，请联系管理员。',
  'CONFIG.INVALID': '系统配置有误，请联系管理员。',
  'STORE.UNAVAILABLE': '数据库暂时不可用，请稍后再试。',
  'QUEUE.UNAVAILABLE': '报表队列暂时不可用（活动登记不受影响），请稍后再试。',
  'PROJECTIONS.BEHIND': '统计数据正在更新，请稍后再试。',
};

/** When an answer carries no code we know: by its HTTP status. */
const BY_STATUS = /** @type {Record<number, string>} */ ({
  0: '无法连接服务器，请检查网络后重试。',
  400: '请求有误，请检查后重试。',
  401: '登录已过期，请重新登录。',
  403: '当前账号无权查看或进行此操作。',
  404: '未找到所请求的内容。',
  409: '该记录已被他人修改，请重新加载后再试。',
  410: '所请求的内容已不存在。',
  413: '提交的内容过长。',
  422: '请求无法执行，请刷新页面后重试。',
  429: '操作过于频繁，请稍后再试。',
  503: '服务暂时不可用，请稍后再试。',
});

/**
 * @param {string} code
 * @returns {code is ErrorCode}
 */
const isKnown = (code) => Object.hasOwn(ERROR_TEXT, code);

/**
 * The code of a failed api call ('AUTH.FORBIDDEN', …), or null.
 * @param {unknown} error
 */
export function codeOf(error) {
  if (!(error instanceof ApiError)) return null;
  const body = error.body;
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string' ? body.error : null;
}

/**
 * What went wrong, in Chinese: by the answer's code, else by its status; a failure of the page
 * itself says so without its (English) text.
 * @param {unknown} error
 */
export function errorText(error) {
  const code = codeOf(error);
  if (code && isKnown(code)) return ERROR_TEXT[code];
  if (error instanceof ApiError) {
    // The client's own messages (no connection, expired sign-in) are Chinese already.
    if (error.status === 0 || error.status === 401) return BY_STATUS[error.status];
    return BY_STATUS[error.status] ?? (error.status >= 500 ? ERROR_TEXT.INTERNAL : '操作未完成，请稍后再试。');
  }
  return '页面出现错误，请刷新后重试。';
}
