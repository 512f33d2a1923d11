import { describe, expect, it } from '@jest/globals';
import { DepartmentEvents, evolveDepartment, settingsOf, type Department } from '../../domain/department';
import { stored } from '../../../test/domain';
import { ChangeDepartmentSettings } from './change-department-settings.command';
import { decideChangeDepartmentSettings } from './change-department-settings.decide';

const department: Department = { code: 'wh-fao', name: '武汉市外办', catalog: [], version: 3 };
const change = (settings: ChangeDepartmentSettings['settings']) => new ChangeDepartmentSettings('wh-fao', settings, { actor: 'admin' });

function refusal(decide: () => unknown): { code?: string; errors?: { field: string; reason: string }[] } {
  try {
    decide();
  } catch (error) {
    return error as never;
  }
  throw new Error('expected a refusal');
}

describe('decideChangeDepartmentSettings', () => {
  it('given the defaults (30 days, Asia/Shanghai), when both change, then one event with the previous values', () => {
    expect(settingsOf(department)).toEqual({ lateEntryDays: 30, timeZone: 'Asia/Shanghai', officeLevel: '市直', sangongRecorder: 'staff' });
    const events = decideChangeDepartmentSettings(department, change({ lateEntryDays: 45, timeZone: 'Europe/London' }));
    expect(events).toEqual([
      {
        type: DepartmentEvents.settingsChanged,
        data: {
          code: 'wh-fao',
          settings: { lateEntryDays: 45, timeZone: 'Europe/London' },
          previous: { lateEntryDays: 30, timeZone: 'Asia/Shanghai' },
        },
      },
    ]);
    const after = evolveDepartment(department, stored(events, { streamId: 'department-wh-fao', startVersion: 4 })[0]);
    expect(settingsOf(after)).toEqual({ lateEntryDays: 45, timeZone: 'Europe/London', officeLevel: '市直', sangongRecorder: 'staff' });
    expect(after?.version).toBe(4);
  });

  it('sets the office level (机构层级) report titles are built from; refuses an empty or long one', () => {
    const events = decideChangeDepartmentSettings(department, change({ officeLevel: ' 区直 ' }));
    expect(events[0].data).toEqual({ code: 'wh-fao', settings: { officeLevel: '区直' }, previous: { officeLevel: '市直' } });
    const after = evolveDepartment(department, stored(events, { streamId: 'department-wh-fao', startVersion: 4 })[0]);
    expect(settingsOf(after).officeLevel).toBe('区直');
    for (const officeLevel of [' ', '一二三四五六七八九十一']) {
      expect(refusal(() => decideChangeDepartmentSettings(department, change({ officeLevel })))).toMatchObject({
        errors: [{ field: 'officeLevel' }],
      });
    }
  });

  it('keeps what a change leaves out, and leaves out what would not change', () => {
    const set = { ...department, settings: { timeZone: 'Asia/Urumqi' } };
    expect(decideChangeDepartmentSettings(set, change({ lateEntryDays: 10, timeZone: 'Asia/Urumqi' }))[0].data).toEqual({
      code: 'wh-fao',
      settings: { lateEntryDays: 10 },
      previous: { lateEntryDays: 30 },
    });
    expect(refusal(() => decideChangeDepartmentSettings(set, change({ timeZone: 'Asia/Urumqi' })))).toMatchObject({
      code: 'VALIDATION.FAILED',
      errors: [{ field: 'settings', reason: '没有需要修改的设置' }],
    });
  });

  it('leaves 三公 to finance staff, or to staff as well; refuses any other recorder', () => {
    expect(decideChangeDepartmentSettings(department, change({ sangongRecorder: 'finance' }))[0].data).toEqual({
      code: 'wh-fao',
      settings: { sangongRecorder: 'finance' },
      previous: { sangongRecorder: 'staff' },
    });
    expect(refusal(() => decideChangeDepartmentSettings(department, change({ sangongRecorder: 'leader' as never }))).errors).toEqual([
      { field: 'sangongRecorder', reason: expect.stringContaining('finance') },
    ]);
  });

  it('refuses a zone Intl does not know, a day count out of range and unknown settings, each named, in Chinese', () => {
    const refused = refusal(() =>
      decideChangeDepartmentSettings(department, change({ timeZone: 'Mars/Olympus', lateEntryDays: 0, colour: 'red' } as never)),
    );
    expect(refused.errors?.map((e) => e.field)).toEqual(['colour', 'lateEntryDays', 'timeZone']);
    for (const e of refused.errors ?? []) expect(e.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(refusal(() => decideChangeDepartmentSettings(department, change({ lateEntryDays: 2.5 })))).toMatchObject({
      errors: [{ field: 'lateEntryDays' }],
    });
  });

  it('refuses an unknown department', () => {
    expect(() => decideChangeDepartmentSettings(null, change({ lateEntryDays: 10 }))).toThrow('Unknown department wh-fao');
  });
});
