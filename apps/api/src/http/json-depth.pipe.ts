import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

export const MAX_JSON_DEPTH = 32;

/** Depth of nested arrays and objects, computed without recursion (a hostile body can be very deep). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(node as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Refuses bodies nested deeper than any command needs, before validation walks them
 * recursively (5,000 nested arrays overflowed the stack: a 500 for a client's mistake).
 */
@Injectable()
export class JsonDepthPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' && jsonDepth(value) > MAX_JSON_DEPTH) {
      throw new BadRequestException({
        error: 'VALIDATION.FAILED',
        message: `body: nested deeper than ${MAX_JSON_DEPTH} levels`,
        errors: [{ field: 'body', reason: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
      });
    }
    return value;
  }
}
