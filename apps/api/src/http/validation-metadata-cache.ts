import { getMetadataStorage, type MetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
/** A validated class (class-validator's own type for it). */
type Target = Parameters<Lookup>[0];

const MEMOIZED = Symbol('memoized validation metadata');

/**
 * Keeps class-validator's answer to "which rules apply to this class" per class and options.
 *
 * class-validator walks every registered class on each validation of each object (nested DTOs
 * included) to find inherited rules (typestack/class-validator#2686, open): the api's 140-odd DTO
 * classes made that walk the largest allocation of a recorded activity. The answer changes only
 * when a rule is registered, which happens as a class is defined: registering one clears what was
 * kept, so a class defined later (a test's, a lazily loaded module's) is never answered from an
 * older registry. Idempotent: a second call changes nothing.
 */
export function memoizeValidationMetadata(): void {
  const storage = getMetadataStorage() as ReturnType<typeof getMetadataStorage> & { [MEMOIZED]?: true };
  if (storage[MEMOIZED]) return;
  storage[MEMOIZED] = true;

  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  let kept = new WeakMap<Target, Map<string, ValidationMetadata[]>>();

  storage.addValidationMetadata = (metadata) => {
    kept = new WeakMap();
    register(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? '\u0002'}`;
    let byOptions = kept.get(target);
    if (!byOptions) kept.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
}
