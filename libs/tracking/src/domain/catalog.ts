/** The kinds of value a category attribute holds. */
export type AttributeType = 'integer' | 'amount' | 'text' | 'enum' | 'boolean';

export interface AttributeSpec {
  name: string;
  label: string;
  type: AttributeType;
  required?: boolean;
  /** Allowed values of an `enum` attribute, with their Chinese labels. */
  options?: Record<string, string>;
}

export interface CategorySpec {
  code: string;
  label: string;
  attributes: AttributeSpec[];
}

const participants: AttributeSpec = { name: 'participants', label: '参与人数', type: 'integer' };
const countries: AttributeSpec = { name: 'countries', label: '涉及国家（地区）数', type: 'integer' };
const counterpart: AttributeSpec = { name: 'counterpart', label: '对方城市或机构', type: 'text' };
const items: AttributeSpec = { name: 'items', label: '条数/个数', type: 'integer' };
const persons: AttributeSpec = { name: 'persons', label: '人次', type: 'integer' };
const cost: AttributeSpec = { name: 'cost', label: '费用（万元）', type: 'amount' };

/**
 * The foreign-affairs office's catalog (domain.md): the default for a new department.
 * Category codes are stable identifiers; labels are what users see.
 */
export const FOREIGN_AFFAIRS_OFFICE_CATALOG: CategorySpec[] = [
  { code: 'major-event', label: '重要外事活动', attributes: [participants, countries, counterpart] },
  { code: 'exchange-project', label: '对外重点交流项目', attributes: [participants, countries, counterpart] },
  {
    code: 'new-friendship-city',
    label: '国际友好城市 / 友好交流城市',
    attributes: [
      { name: 'city', label: '对方城市', type: 'text', required: true },
      { name: 'country', label: '国家', type: 'text', required: true },
      {
        name: 'relation',
        label: '关系类型',
        type: 'enum',
        required: true,
        options: { 'sister-city': '友好城市', 'friendly-exchange': '友好交流城市', mou: '友好合作备忘录' },
      },
      {
        name: 'level',
        label: '缔结层级',
        type: 'enum',
        required: true,
        options: { municipal: '市级', district: '区级' },
      },
    ],
  },
  {
    code: 'foreign-institution',
    label: '境外驻汉机构',
    attributes: [{ name: 'institution', label: '机构名称', type: 'text', required: true }],
  },
  { code: 'home-in-wuhan', label: '“家在武汉”活动', attributes: [participants, countries] },
  { code: 'hk-macao-youth', label: '汉港澳青年交流', attributes: [participants] },
  { code: 'policy-briefing', label: '政策宣讲', attributes: [participants] },
  { code: 'investment-info', label: '招商项目信息', attributes: [items] },
  { code: 'signed-project', label: '协助签约项目', attributes: [items] },
  { code: 'investment-event', label: '产业招商专题活动', attributes: [participants] },
  { code: 'consulate-tour', label: '驻汉领馆、境外机构武汉行', attributes: [participants] },
  {
    code: 'milestone',
    label: '阶段性成果',
    attributes: [{ name: 'milestone', label: '里程碑编码', type: 'text', required: true }],
  },
  {
    code: 'trip-abroad',
    label: '因公出国(境)团组',
    attributes: [persons, cost, { name: 'destinations', label: '出访国家（地区）', type: 'text' }],
  },
  {
    code: 'reception',
    label: '公务接待团组',
    attributes: [persons, cost, { name: 'foreign', label: '外事接待', type: 'boolean' }],
  },
  {
    code: 'vehicle',
    label: '公务用车购置及运行维护',
    attributes: [
      {
        name: 'kind',
        label: '类别',
        type: 'enum',
        required: true,
        options: { purchase: '公务用车购置', running: '公务用车运行维护' },
      },
      cost,
    ],
  },
];
