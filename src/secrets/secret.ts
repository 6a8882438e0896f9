import { inspect } from 'node:util';

const HIDDEN = '[secret]';

/**
 * Wraps a value that must never be printed. Logging, JSON-encoding or string-concatenating
 * it yields "[secret]"; only `reveal()` gives the value, so every use is deliberate and easy
 * to find.
 */
export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return HIDDEN;
  }

  toJSON(): string {
    return HIDDEN;
  }

  [inspect.custom](): string {
    return HIDDEN;
  }
}
