import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { map, type Observable } from 'rxjs';
import { seesDepartment, type RequestUser } from '@app/accounts';

/** Keeps, of a list of departments, those the user holds a role in (the admin sees all). */
@Injectable()
export class VisibleDepartments implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const user = context.switchToHttp().getRequest<Request & { user?: RequestUser }>().user;
    return next
      .handle()
      .pipe(
        map((departments) =>
          Array.isArray(departments)
            ? departments.filter(
                (d: { code?: unknown }) => user !== undefined && typeof d?.code === 'string' && seesDepartment(user, d.code),
              )
            : departments,
        ),
      );
  }
}
