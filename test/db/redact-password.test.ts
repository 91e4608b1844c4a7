// The database location printed at start-up and in errors: a password never reaches it, whatever form it was given in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactPassword } from '../../src/db/connect.js';

test('every form of PostgreSQL password is replaced, and the rest of the URL kept', () => {
  const cases: [string, string][] = [
    ['postgres://kefu:hunter2@db:5432/kefu', 'postgres://kefu:***@db:5432/kefu'],
    ['postgresql://:hunter2@db/kefu', 'postgresql://:***@db/kefu'],
    ['postgres://kefu:hun@ter2@db/kefu', 'postgres://kefu:***@db/kefu'],
    ['postgres://kefu:hun:ter2@db/kefu', 'postgres://kefu:***@db/kefu'],
    ['postgres://kefu@db/kefu?password=hunter2', 'postgres://kefu@db/kefu?password=***'],
    ['postgres://db/kefu?sslmode=require&PASSWORD=hunter2&options=-c%20search_path%3Dk', 'postgres://db/kefu?sslmode=require&PASSWORD=***&options=-c%20search_path%3Dk'],
    ['postgres://db/kefu?sslpassword=hunter2#x', 'postgres://db/kefu?sslpassword=***#x'],
    ['postgres://kefu@db/kefu', 'postgres://kefu@db/kefu'],
    ['/var/lib/kefu/kefu.db', '/var/lib/kefu/kefu.db'],
  ];
  for (const [url, shown] of cases) {
    assert.equal(redactPassword(url), shown, url);
    assert.doesNotMatch(redactPassword(url), /hunter2|ter2/, url);
  }
});
