// The second entry point of reporting: the Nest/BullMQ wiring of report jobs, kept apart from
// the pure builders of '@app/reporting' so that a pure caller never loads Nest or Redis.
export * from './reporting.module';
export * from './report-job';
export * from './report-store';
export * from './report-requests';
export * from './report-builder.service';
export * from './wait-for-job';
