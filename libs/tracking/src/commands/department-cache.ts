import { Injectable } from '@nestjs/common';
import type { Department } from '../domain/department';
import { Streams } from '../streams';

/** Departments kept by one process; beyond this many the cache starts again (departments are few). */
const MAX_CACHED_DEPARTMENTS = 1_000;

/**
 * The departments this process has folded, each at the version it was read at. Never trusted
 * alone: a decision made on one appends with that version as its condition (CommandRunner), so
 * a department changed since (a category redefined, by any process) makes the append write
 * nothing and the command be decided again on a fresh read.
 */
@Injectable()
export class DepartmentCache {
  private readonly departments = new Map<string, Department>();

  constructor(private readonly streams: Streams) {}

  /** This process's copy, if it has one. */
  cached(code: string): Department | undefined {
    return this.departments.get(code);
  }

  /** Reads the department from its stream (404 when unknown, and nothing kept) and keeps it. */
  async read(code: string): Promise<Department> {
    this.departments.delete(code);
    const department = await this.streams.requireDepartment(code);
    if (this.departments.size >= MAX_CACHED_DEPARTMENTS) this.departments.clear();
    this.departments.set(code, department);
    return department;
  }
}
