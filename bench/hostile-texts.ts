// Customer text built to hurt a scanner: runs that make a backtracking pattern retry from
// every position (JWT look-alikes, credential field names, tags), one endless token, deep
// nesting, and a mix of scripts. Each is `size` characters.

const repeatTo = (piece: string, size: number) => piece.repeat(Math.ceil(size / piece.length)).slice(0, size);

export function hostileTexts(size: number): readonly { readonly name: string; readonly text: string }[] {
  return [
    { name: 'JWT look-alike run', text: repeatTo('eyJ-', size) },
    { name: 'JWT segments without a signature', text: repeatTo('eyJhbGciOiJ.eyJzdWIiOi.', size) },
    { name: 'Bearer run', text: repeatTo('Bearer ', size) },
    { name: 'token field run', text: repeatTo('access_token=', size) },
    { name: 'one endless token', text: repeatTo('a', size) },
    { name: 'open tags', text: repeatTo('<a href="x" ', size) },
    { name: 'deep JSON', text: repeatTo('{"Detail":[', size) },
    { name: 'snake_case run', text: repeatTo('invalid_grant_', size) },
    { name: 'mixed scripts and emoji', text: repeatTo('Xero 401 ошибка 認証 🔥\u200d ', size) },
  ];
}
