import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  MAX_PERSONS,
  MAX_SANGONG_LIST,
  MAX_SANGONG_LONG_TEXT,
  MAX_SANGONG_TEXT,
  MAX_SERVED_ACTIVITIES,
  SANGONG_KINDS,
  SANGONG_RECORD_KINDS,
  VEHICLE_CHANGES,
  VEHICLE_COST_LINES,
  VEHICLE_KINDS,
  type SangongKind,
  type SangongRecordKind,
  type VehicleChange,
  type VehicleCostLine,
  type VehicleKind,
} from '@app/tracking';
import { MAX_PAGE_SIZE } from '../activities/activity.dto';

// The edge checks shapes (types, presence, lengths) and names the field; the domain checks the
// rest (dates that exist, return after departure, amounts to the 分, served activities…).
// Amounts are in 万元, with up to six decimals (to the 分).

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: '必须是日期 YYYY-MM-DD' };
const NUMBER = { allowNaN: false, allowInfinity: false } as const;
const AMOUNT = { message: '必须是金额（万元）' };
const TEXT = { message: '必须是文字' };

function Amount(description: string, example = 0.35): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ example, description: `${description}（万元，最多精确到分）`, minimum: 0 })(target, key);
    IsOptional()(target, key);
    IsNumber(NUMBER, AMOUNT)(target, key);
    Min(0, { message: '不能小于 0' })(target, key);
  };
}

/** 因公出国（境）费 by item, 万元. */
export class TripCostsDto {
  @Amount('国际旅费', 2.36)
  internationalTravel?: number;
  @Amount('住宿费', 0.82)
  accommodation?: number;
  @Amount('伙食费', 0.31)
  meals?: number;
  @Amount('公杂费', 0.12)
  incidentals?: number;
  @Amount('其他', 0)
  other?: number;
}

/** 公务接待费 by item, 万元. */
export class ReceptionCostsDto {
  @Amount('餐费', 0.24)
  meals?: number;
  @Amount('住宿费', 0)
  accommodation?: number;
  @Amount('交通费', 0.05)
  transport?: number;
  @Amount('其他', 0)
  other?: number;
}

/** 公务用车 costs by item, 万元: purchase for 购置, the others for 运行维护. */
export class VehicleCostsDto {
  @Amount('购置费（含车辆购置税、牌照费）', 0)
  purchase?: number;
  @Amount('燃料费', 0.08)
  fuel?: number;
  @Amount('维修费', 0)
  repair?: number;
  @Amount('保险费', 0)
  insurance?: number;
  @Amount('过路过桥费', 0)
  tolls?: number;
  @Amount('其他', 0)
  other?: number;
}

export class DestinationDto {
  @ApiProperty({ example: '匈牙利', maxLength: 100 })
  @IsString(TEXT)
  @MaxLength(100)
  country: string;

  @ApiPropertyOptional({ example: '杰尔', maxLength: 100 })
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(100)
  city?: string | null;
}

export class MemberDto {
  @ApiProperty({ example: '张三', maxLength: 100 })
  @IsString(TEXT)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: '处长', maxLength: 100 })
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(100)
  post?: string | null;
}

const YEAR = { description: '计入哪一年度的“三公”经费（默认：日期所在年度）', example: 2023, minimum: 2000, maximum: 2100 };
const NOTES = { example: '经费由对外交往业务支出列支', maxLength: MAX_SANGONG_LONG_TEXT };

/** 因公出国（境）团组. */
export class RecordTripDto {
  @ApiPropertyOptional(YEAR)
  @IsOptional()
  @IsInt({ message: '必须是年度' })
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiProperty({ example: '赴匈牙利杰尔市开展友城交流', maxLength: MAX_SANGONG_TEXT })
  @IsString(TEXT)
  @MinLength(1, { message: '必填' })
  @MaxLength(MAX_SANGONG_TEXT)
  title: string;

  @ApiProperty({ example: '出席杰尔国际书展并开展友城交流', maxLength: MAX_SANGONG_LONG_TEXT, description: '出访任务' })
  @IsString(TEXT)
  @MinLength(1, { message: '必填' })
  @MaxLength(MAX_SANGONG_LONG_TEXT)
  purpose: string;

  @ApiProperty({ example: '2023-11-05', description: '出发日期' })
  @Matches(DATE, DATE_MESSAGE)
  departureOn: string;

  @ApiProperty({ example: '2023-11-11', description: '回国日期' })
  @Matches(DATE, DATE_MESSAGE)
  returnOn: string;

  @ApiProperty({ type: [DestinationDto], description: '出访国家（地区）与城市' })
  @IsArray()
  @ArrayMinSize(1, { message: '至少填写一个出访国家（地区）' })
  @ArrayMaxSize(MAX_SANGONG_LIST)
  @ValidateNested({ each: true })
  @Type(() => DestinationDto)
  destinations: DestinationDto[];

  @ApiProperty({ example: 2, description: '团组人数（人次）', minimum: 1 })
  @IsInt({ message: '必须是整数' })
  @Min(1)
  @Max(MAX_PERSONS)
  persons: number;

  @ApiPropertyOptional({ type: [MemberDto], description: '团组成员（可不填）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SANGONG_LIST)
  @ValidateNested({ each: true })
  @Type(() => MemberDto)
  members?: MemberDto[];

  @ApiPropertyOptional({ example: '鄂外批〔2023〕12号', description: '出国（境）批件号', maxLength: 100 })
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(100)
  approvalRef?: string | null;

  @ApiPropertyOptional({ example: '对外交往业务支出', description: '经费来源项目', maxLength: 200 })
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(200)
  fundingProject?: string | null;

  @ApiProperty({ type: TripCostsDto })
  @ValidateNested()
  @Type(() => TripCostsDto)
  costs: TripCostsDto;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: '团组服务的活动（本部门已登记的活动）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SERVED_ACTIVITIES)
  @IsUUID('all', { each: true, message: '必须是活动编号' })
  servedActivityIds?: string[];

  @ApiPropertyOptional(NOTES)
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(MAX_SANGONG_LONG_TEXT)
  notes?: string | null;
}

/** 公务接待 batch. */
export class RecordReceptionDto {
  @ApiPropertyOptional(YEAR)
  @IsOptional()
  @IsInt({ message: '必须是年度' })
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiProperty({ example: '2023-05-10', description: '接待日期' })
  @Matches(DATE, DATE_MESSAGE)
  receivedOn: string;

  @ApiProperty({ example: '乌干达恩德培市代表团', maxLength: MAX_SANGONG_TEXT, description: '来访单位（团组）' })
  @IsString(TEXT)
  @MinLength(1, { message: '必填' })
  @MaxLength(MAX_SANGONG_TEXT)
  visitingParty: string;

  @ApiProperty({ example: true, description: '外事接待（外宾）为 true，国内公务接待为 false' })
  @IsBoolean({ message: '必须是 true 或 false' })
  foreign: boolean;

  @ApiProperty({ example: 8, description: '接待人数', minimum: 1 })
  @IsInt({ message: '必须是整数' })
  @Min(1)
  @Max(MAX_PERSONS)
  persons: number;

  @ApiPropertyOptional({ example: 2, description: '陪同人数', minimum: 0 })
  @IsOptional()
  @IsInt({ message: '必须是整数' })
  @Min(0)
  @Max(MAX_PERSONS)
  accompanying?: number;

  @ApiProperty({ type: ReceptionCostsDto })
  @ValidateNested()
  @Type(() => ReceptionCostsDto)
  costs: ReceptionCostsDto;

  @ApiPropertyOptional({ example: 'JD-2023-015', description: '接待清单编号', maxLength: 100 })
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(100)
  listRef?: string | null;

  @ApiPropertyOptional(NOTES)
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(MAX_SANGONG_LONG_TEXT)
  notes?: string | null;
}

/** A vehicle acquired or disposed of (公务用车保有量). */
export class RecordVehicleDto {
  @ApiProperty({ enum: VEHICLE_CHANGES, example: 'acquired', description: 'acquired 新增, disposed 处置' })
  @IsIn(VEHICLE_CHANGES, { message: '必须是 acquired 或 disposed' })
  change: VehicleChange;

  @ApiProperty({
    enum: VEHICLE_KINDS,
    example: 'emergency',
    description: 'confidential 机要通信用车, emergency 应急保障用车, retired-cadres 离退休干部用车, other 其他',
  })
  @IsIn(VEHICLE_KINDS, { message: `必须是 ${VEHICLE_KINDS.join('、')} 之一` })
  vehicleKind: VehicleKind;

  @ApiProperty({ example: '鄂A·12345', maxLength: 50, description: '车牌号或名称' })
  @IsString(TEXT)
  @MinLength(1, { message: '必填' })
  @MaxLength(50)
  plate: string;

  @ApiProperty({ example: '2023-04-01', description: '新增或处置日期' })
  @Matches(DATE, DATE_MESSAGE)
  occurredOn: string;

  @ApiPropertyOptional(NOTES)
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(MAX_SANGONG_LONG_TEXT)
  notes?: string | null;
}

/** A posting of vehicle costs: purchase, or running (fuel, repair, insurance, tolls, other). */
export class RecordVehicleCostDto {
  @ApiPropertyOptional(YEAR)
  @IsOptional()
  @IsInt({ message: '必须是年度' })
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiProperty({ enum: VEHICLE_COST_LINES, example: 'vehicleRunning', description: 'vehiclePurchase 购置, vehicleRunning 运行维护' })
  @IsIn(VEHICLE_COST_LINES, { message: '必须是 vehiclePurchase 或 vehicleRunning' })
  line: VehicleCostLine;

  @ApiProperty({ example: '2023-03-31', description: '支出日期' })
  @Matches(DATE, DATE_MESSAGE)
  postedOn: string;

  @ApiPropertyOptional({ example: '鄂A·12345', maxLength: 50 })
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(50)
  plate?: string | null;

  @ApiProperty({ type: VehicleCostsDto })
  @ValidateNested()
  @Type(() => VehicleCostsDto)
  costs: VehicleCostsDto;

  @ApiPropertyOptional(NOTES)
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(MAX_SANGONG_LONG_TEXT)
  notes?: string | null;
}

/** 汇总录入: a line's totals over a period, where only totals are known. */
export class RecordSummaryDto {
  @ApiProperty({ enum: SANGONG_KINDS, example: 'receptions' })
  @IsIn(SANGONG_KINDS, { message: `必须是 ${SANGONG_KINDS.join('、')} 之一` })
  line: SangongKind;

  @ApiProperty({ example: '2023-01-01' })
  @Matches(DATE, DATE_MESSAGE)
  periodStart: string;

  @ApiProperty({ example: '2023-12-31', description: '期末：汇总记录从这一天起计入' })
  @Matches(DATE, DATE_MESSAGE)
  periodEnd: string;

  @ApiProperty({ example: 9.42, description: '期间支出（万元，最多精确到分）', minimum: 0 })
  @IsNumber(NUMBER, AMOUNT)
  @Min(0)
  cost: number;

  @ApiPropertyOptional({ example: 38, description: '出国：团组数；接待：接待批次' })
  @IsOptional()
  @IsInt({ message: '必须是整数' })
  @Min(0)
  groups?: number | null;

  @ApiPropertyOptional({ example: 386, description: '出国：人次；接待：接待人数' })
  @IsOptional()
  @IsInt({ message: '必须是整数' })
  @Min(0)
  persons?: number | null;

  @ApiPropertyOptional({ example: 31, description: '接待：其中外事接待批次' })
  @IsOptional()
  @IsInt({ message: '必须是整数' })
  @Min(0)
  foreignGroups?: number | null;

  @ApiPropertyOptional({ example: 327, description: '接待：其中外事接待人数' })
  @IsOptional()
  @IsInt({ message: '必须是整数' })
  @Min(0)
  foreignPersons?: number | null;

  @ApiPropertyOptional({ example: 5, description: '公务用车：期末保有量（辆）' })
  @IsOptional()
  @IsInt({ message: '必须是整数' })
  @Min(0)
  vehiclesHeld?: number | null;

  @ApiPropertyOptional(NOTES)
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(MAX_SANGONG_LONG_TEXT)
  notes?: string | null;
}

export class AmendTripDto extends PartialType(RecordTripDto) {}
export class AmendReceptionDto extends PartialType(RecordReceptionDto) {}
export class AmendVehicleDto extends PartialType(RecordVehicleDto) {}
export class AmendVehicleCostDto extends PartialType(RecordVehicleCostDto) {}
export class AmendSummaryDto extends PartialType(RecordSummaryDto) {}

/** The record DTOs of each kind: adding a kind without its DTOs does not compile. */
export const SANGONG_DTOS = {
  trip: { path: 'trips', record: RecordTripDto, amend: AmendTripDto, label: '因公出国（境）团组' },
  reception: { path: 'receptions', record: RecordReceptionDto, amend: AmendReceptionDto, label: '公务接待' },
  vehicle: { path: 'vehicles', record: RecordVehicleDto, amend: AmendVehicleDto, label: '公务用车登记（新增、处置）' },
  'vehicle-cost': { path: 'vehicle-costs', record: RecordVehicleCostDto, amend: AmendVehicleCostDto, label: '公务用车费用' },
  summary: { path: 'summaries', record: RecordSummaryDto, amend: AmendSummaryDto, label: '汇总录入' },
} as const satisfies Record<SangongRecordKind, { path: string; record: object; amend: object; label: string }>;

export class SangongReasonDto {
  @ApiProperty({ example: '重复登记', maxLength: 1000 })
  @IsString(TEXT)
  @MinLength(1, { message: '撤回须填写原因' })
  @MaxLength(1000)
  reason: string;
}

export class SangongOptionalReasonDto {
  @ApiPropertyOptional({ example: '核实后恢复', maxLength: 1000 })
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(1000)
  reason?: string;
}

export class SangongListQueryDto {
  @ApiPropertyOptional({ example: 2023, description: '计入的年度' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '必须是年度' })
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: SANGONG_RECORD_KINDS })
  @IsOptional()
  @IsIn(SANGONG_RECORD_KINDS, { message: `必须是 ${SANGONG_RECORD_KINDS.join('、')} 之一` })
  kind?: SangongRecordKind;

  @ApiPropertyOptional({ enum: SANGONG_KINDS })
  @IsOptional()
  @IsIn(SANGONG_KINDS, { message: `必须是 ${SANGONG_KINDS.join('、')} 之一` })
  line?: SangongKind;

  @ApiPropertyOptional({ enum: ['active', 'withdrawn', 'all'], example: 'active' })
  @IsOptional()
  @IsIn(['active', 'withdrawn', 'all'], { message: '必须是 active、withdrawn 或 all' })
  status?: 'active' | 'withdrawn' | 'all';

  @ApiPropertyOptional({ example: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export class SangongViewQueryDto {
  @ApiPropertyOptional({ example: '2023-06-30', description: '只计这一天及以前计入的记录' })
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  asOf?: string;

  @ApiPropertyOptional({ example: '2023-07-15T00:00:00+08:00', description: '只计这一时刻以前登记的（按当时所知重放）' })
  @IsOptional()
  @IsString(TEXT)
  @MaxLength(40)
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, { message: '必须是 ISO 8601 日期时间，如 2023-07-15T00:00:00+08:00' })
  knownAt?: string;
}

export class SangongDrillDownQueryDto extends SangongViewQueryDto {
  @ApiPropertyOptional({ example: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}
