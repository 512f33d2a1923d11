import { describe, expect, it } from '@jest/globals';
import { buildYearEndReport } from '../report/build-report';
import { activity, fixtureReportInput } from '../../test/fixtures';
import { renderHtml } from './html';
import { escapeHtml } from './safe-text';

/** Column count of each row of each table, honouring rowspan and colspan. */
function tableWidths(page: string): number[][] {
  return [...page.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)].map(([, table]) => {
    const carried: number[] = []; // per column: rows still covered by a rowspan from above
    return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row]) => {
      let col = 0;
      const skip = () => {
        while ((carried[col] ?? 0) > 0) {
          carried[col]--;
          col++;
        }
      };
      for (const [, attrs] of row.matchAll(/<t[hd]((?:\s[^>]*)?)>/g)) {
        skip();
        const rowspan = Number(/rowspan="(\d+)"/.exec(attrs)?.[1] ?? 1);
        const colspan = Number(/colspan="(\d+)"/.exec(attrs)?.[1] ?? 1);
        for (let c = col; c < col + colspan; c++) carried[c] = rowspan - 1;
        col += colspan;
      }
      skip();
      return col;
    });
  });
}

const html = (options?: Parameters<typeof fixtureReportInput>[0]): string => renderHtml(buildYearEndReport(fixtureReportInput(options)));

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('举办“湖北武汉香港周”')).toBe('举办“湖北武汉香港周”');
  });
});

describe('renderHtml', () => {
  it('is a self-contained A4 page in zh-CN with CJK fonts and no external resources', () => {
    const page = html();
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('@page { size: A4; margin: 15mm; }');
    expect(page).toContain('font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", sans-serif');
    expect(page).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(page).not.toMatch(/(src|href)\s*=|url\(|@import|https?:\/\//i);
  });

  it("contains every table with the seed's labels", () => {
    const page = html();
    for (const label of [
      '2023年重点工作完成情况',
      '序号',
      '重要事项',
      '工作内容及目标',
      '完成情况',
      '整体绩效自评表',
      '市直部门项目自评表',
      '年初目标值（A）',
      '实际完成值（B）',
      '总分',
      '2023 年度财政拨款“三公”经费支出决算表',
      '公务用车购置及运行维护费',
      '数据质量提示',
    ]) {
      expect(page).toContain(label);
    }
    expect(page).toContain('th, td { border: 1px solid #000;');
  });

  it('shows verdicts, what is missing, scores and the 09 表 figures', () => {
    const page = html();
    expect(page).toContain('缺：重要外事活动 3/5');
    expect(page).toContain('缺：里程碑：建立创业实践基地');
    expect(page).toContain('不计入（关系类型：友好合作备忘录）');
    expect(page).toContain('2,486.85');
    expect(page).toContain('100.00%');
    expect(page).toMatch(/<strong>98<\/strong>/);
    expect(page).toMatch(/<strong>96<\/strong>/);
    expect(page).toContain('23.88');
    expect(page).toContain('对外交往业务支出');
  });

  it('escapes every user string: titles, matters, reasons, department name', () => {
    const evil = `<script>alert("x")</script> "&'`;
    const page = html({
      activities: (list) => [...list, activity('major-evil', 'major-event', evil, '2023-07-01')],
      plan: (p) => ({
        ...p,
        keyWork: p.keyWork.map((k) => (k.no === 2 ? { ...k, matter: '<b>粗体</b>' } : k)),
        adjustments: p.adjustments.map((a) => (a.id === 'adj-dg1' ? { ...a, reason: '<img src=x onerror=alert(1)>' } : a)),
      }),
    });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>粗体</b>');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;&amp;&#39;');
    expect(page).toContain('&lt;b&gt;粗体&lt;/b&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes the department name in the title', () => {
    const input = fixtureReportInput();
    const page = renderHtml(buildYearEndReport({ ...input, department: { ...input.department, name: '</title><script>x</script>' } }));
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;');
  });

  it('lays every table out on a full grid: merged cells never leave a row short or long', () => {
    const page = html({
      plan: (p) => ({ ...p, goals: [...p.goals, { scope: 'department', project: null, no: 3, text: '定性目标', points: 20 }] }),
    });
    const widths = tableWidths(page);
    expect(widths.length).toBeGreaterThanOrEqual(6);
    for (const rows of widths) expect(new Set(rows).size).toBe(1);
    expect(widths[0][0]).toBe(9); // 重点工作: 序号 … 完成情况
    expect(widths[1][0]).toBe(8); // 整体绩效自评表
  });

  it('marks an overspent 三公 line', () => {
    // The plan's budget cut below the records' 9.42: the line is overspent.
    const page = html({ plan: (p) => ({ ...p, sangong: { ...p.sangong, receptions: { budget: 9.2, perPersonStandard: null } } }) });
    expect(page).toContain('<td class="num overspent">9.42</td>');
    expect(page).toContain('决算数超过预算数：合计、公务接待费');
  });
});
