export * from './classify';
export * from './read-csv';
export * from './read-xlsx';
export * from './rows';
export * from './sheet';
export * from './spreadsheet-importer';
export * from './template';
