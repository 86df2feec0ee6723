// npx tsx test/bench/durability.ts [inserts]: commits per second on the embedded database on
// disk, durable (fsync per commit, the default) against PGlite's own no-fsync mode, one
// submitOpinion-sized insert per transaction, one after another (PGlite runs one at a time).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/client.js';

const inserts = Number(process.argv[2] ?? 300);
const BODY = 'Đèn giao thông ở ngã ba chợ Giầu bị hỏng cả tuần nay, đề nghị sửa sớm để người dân đi lại an toàn.';

async function rate(durable: boolean): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-bench-durable-'));
  const database = await openDatabase({ dataDir, durable });
  const sql = await database.connect();
  await sql.exec('create table y_kien (id serial primary key, phien uuid not null, noi_dung text not null, tao_luc timestamptz not null default now())');
  const session = crypto.randomUUID();
  for (let i = 0; i < 20; i++) await sql.query('insert into y_kien (phien, noi_dung) values ($1, $2)', [session, BODY]);
  const started = performance.now();
  for (let i = 0; i < inserts; i++) await sql.query('insert into y_kien (phien, noi_dung) values ($1, $2)', [session, BODY]);
  const perSecond = inserts / ((performance.now() - started) / 1000);
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return perSecond;
}

const rounds: { durable: number; relaxed: number }[] = [];
for (let round = 0; round < 3; round++) rounds.push({ relaxed: await rate(false), durable: await rate(true) });
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const relaxed = median(rounds.map((r) => r.relaxed));
const durable = median(rounds.map((r) => r.durable));
console.log(`commits/s, median of 3 rounds of ${inserts}: without fsync ${relaxed.toFixed(0)}, durable ${durable.toFixed(0)} (${(durable / relaxed).toFixed(2)}×)`);
console.log(JSON.stringify(rounds.map((r) => ({ relaxed: Math.round(r.relaxed), durable: Math.round(r.durable) }))));
