/**
 * A problem with the key that protects stored secrets. Its message tells the operator what
 * to do; it never contains key material or plaintext.
 */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
  readonly code = 'secret-key';
}
