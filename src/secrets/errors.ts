import { XerofixError } from '../errors/xerofix-error.js';

/**
 * A problem with the key that protects stored secrets. Its message tells the operator what
 * to do; it never contains key material or plaintext.
 */
export class SecretKeyError extends XerofixError {
  override readonly name = 'SecretKeyError';
  constructor(message: string) {
    // A wrong or missing key stays wrong until the operator supplies the right one.
    super(message, { code: 'secrets.key', retryable: false });
  }
}
