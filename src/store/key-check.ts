import type { Kysely } from 'kysely';
import type { SecretCipher } from '../secrets/cipher.js';
import { SecretKeyError } from '../secrets/errors.js';
import type { Database } from './schema.js';

const NAME = 'key_check';
const CONTEXT = 'store:key_check';
const PLAIN = 'xerofix key check';

/**
 * Seals a known value on first start and opens it on every start after, so a wrong
 * XEROFIX_SECRET_KEY fails at start-up with one clear message, not later in the middle of a
 * probe. After a rotation the check value is re-sealed with the new key.
 */
export async function verifyStoreKey(db: Kysely<Database>, cipher: SecretCipher): Promise<void> {
  const row = await db.selectFrom('store_meta').select('value').where('name', '=', NAME).executeTakeFirst();
  if (!row) {
    await db
      .insertInto('store_meta')
      .values({ name: NAME, value: cipher.seal(PLAIN, CONTEXT) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return;
  }
  let opened: string;
  try {
    opened = cipher.open(row.value, CONTEXT);
  } catch (err) {
    throw new SecretKeyError(
      `XEROFIX_SECRET_KEY does not open this database's secrets. ${(err as Error).message} ` +
        'Restore the key the data was sealed with (a new key goes first, the old one after a comma).',
    );
  }
  if (opened !== PLAIN) throw new SecretKeyError('The store key check value is corrupt.');
  if (cipher.isStale(row.value)) {
    await db
      .updateTable('store_meta')
      .set({ value: cipher.seal(PLAIN, CONTEXT) })
      .where('name', '=', NAME)
      .execute();
  }
}
