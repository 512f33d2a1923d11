// @ts-check
import { signIn, statusOf } from '../api.js';
import { h, mount } from '../dom.js';
import { errorText } from '../errors.js';
import { L } from '../labels.js';

/**
 * The sign-in page.
 * @param {HTMLElement} container
 * @param {{ next: string | null, onSignedIn: (next: string | null) => void }} options
 */
export function render(container, { next, onSignedIn }) {
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, maxlength: 100 });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    maxlength: 200,
  });
  const message = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'signin-error' });
  const button = h('button', { type: 'submit', class: 'primary' }, '登录');

  /** @param {SubmitEvent} event */
  async function submit(event) {
    event.preventDefault();
    message.textContent = '';
    if (!username.value.trim() || !password.value) {
      message.textContent = '请输入用户名和密码';
      return;
    }
    button.disabled = true;
    button.textContent = '正在登录…';
    try {
      await signIn(username.value.trim(), password.value);
      onSignedIn(next);
    } catch (error) {
      const status = statusOf(error);
      message.textContent =
        status === 401 || status === 400 ? '用户名或密码错误' : status === 429 ? '尝试次数过多，请稍后再试' : errorText(error);
      password.select();
    } finally {
      button.disabled = false;
      button.textContent = '登录';
    }
  }

  const form = h(
    'form',
    { class: 'signin-form', novalidate: true, onsubmit: submit },
    h('h1', {}, L.appTitle),
    h('p', { class: 'muted' }, '请使用单位分配的账号登录'),
    h('div', { class: 'field' }, h('label', { for: 'username' }, '用户名'), username),
    h('div', { class: 'field' }, h('label', { for: 'password' }, '密码'), password),
    message,
    button,
  );
  mount(container, h('div', { class: 'signin' }, form));
  username.focus();
}
