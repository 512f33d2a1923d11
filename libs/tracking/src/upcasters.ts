import type { UpcasterMap } from '@app/event-store';
import { DEPARTMENT_UPCASTERS } from './domain/department-upcasters';
import { PLAN_EFFECTIVE_DAY_UPCASTERS } from './domain/plan-effective-upcasters';
import { PLAN_UPCASTERS } from './domain/plan-upcasters';

/**
 * Every upcaster of the tracking domain's events: registered with the application's event store
 * by TrackingModule (`EventStoreModule.forFeature`); code that builds an EventStore without Nest
 * passes them itself: `new EventStore(pool, upcasters(TRACKING_UPCASTERS))`.
 */
export const TRACKING_UPCASTERS: UpcasterMap = { ...DEPARTMENT_UPCASTERS, ...PLAN_UPCASTERS, ...PLAN_EFFECTIVE_DAY_UPCASTERS };
