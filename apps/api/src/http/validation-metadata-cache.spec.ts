import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, MetadataStorage, MinLength, validate } from 'class-validator';
import { memoizeValidationMetadata } from './validation-metadata-cache';

/** class-validator's own lookup, never the memoized one (the instance property is what is replaced). */
const unmemoized = (target: typeof Named, groups?: string[]) =>
  MetadataStorage.prototype.getTargetValidationMetadatas.call(getMetadataStorage(), target, '', false, false, groups);

class Named {
  @IsString({ groups: ['draft'] })
  @MinLength(2)
  name!: string;
}

class Counted extends Named {
  @IsInt()
  count!: number;
}

describe('memoizeValidationMetadata', () => {
  beforeAll(() => memoizeValidationMetadata());

  it('answers with the rules class-validator finds, inherited ones and groups included', () => {
    const storage = getMetadataStorage();
    for (const target of [Named, Counted]) {
      for (const groups of [undefined, ['draft'], ['other']]) {
        expect(storage.getTargetValidationMetadatas(target, '', false, false, groups)).toEqual(unmemoized(target, groups));
      }
    }
    // Counted's own rule and Named's two (a grouped rule applies too when no group is asked for).
    expect(
      storage
        .getTargetValidationMetadatas(Counted, '', false, false)
        .map((m) => m.propertyName)
        .sort(),
    ).toEqual(['count', 'name', 'name']);
  });

  it('keeps the answer for the same class and options', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Counted, '', false, false, ['draft']);
    expect(storage.getTargetValidationMetadatas(Counted, '', false, false, ['draft'])).toBe(first);
    expect(storage.getTargetValidationMetadatas(Counted, '', false, false)).not.toBe(first);
  });

  it('finds the rules of a class defined after memoizing, its inherited ones too', async () => {
    const before = getMetadataStorage().getTargetValidationMetadatas(Counted, '', false, false);
    class Later extends Counted {
      @IsString()
      note!: string;
    }
    const errors = await validate(Object.assign(new Later(), { name: 'x', count: 1.5, note: 3 }));
    expect(errors.map((e) => e.property).sort()).toEqual(['count', 'name', 'note']);
    // Registering Later's rule dropped what was kept: Counted is looked up again, with the same answer.
    const after = getMetadataStorage().getTargetValidationMetadatas(Counted, '', false, false);
    expect(after).not.toBe(before);
    expect(after).toEqual(before);
  });

  it('changes nothing when called again', () => {
    const lookup = getMetadataStorage().getTargetValidationMetadatas;
    memoizeValidationMetadata();
    expect(getMetadataStorage().getTargetValidationMetadatas).toBe(lookup);
  });
});
