import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/database';
import { runMigrations, type Migration } from '../../electron/services/db/migrate';
import { migrations } from '../../electron/services/db/migrations';
import { createProjectRepository } from '../../electron/services/projects/project-repository';
import { useTempDir } from '../support/temp-dir';

const tempDir = useTempDir();

describe('project store', () => {
  it('creates, lists with counts, renames and deletes; survives reopening the file', () => {
    const file = join(tempDir(), 'studio.db');
    let db = openDatabase(file);
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const repo = createProjectRepository(db, () => new Date((clock += 1000)));
    const a = repo.create('Alps');
    const b = repo.create('Beach');
    db.prepare("INSERT INTO clips (id, project_id, position, approved, created_at, updated_at) VALUES ('c1', ?, 0, 1, 'x', 'x'), ('c2', ?, 1, 0, 'x', 'x')").run(a.id, a.id);
    expect(repo.list().map((p) => [p.name, p.clipCount, p.approvedCount])).toEqual([
      ['Beach', 0, 0],
      ['Alps', 2, 1],
    ]);
    repo.rename(a.id, 'Alps 2026');
    db.close();

    db = openDatabase(file);
    const reopened = createProjectRepository(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reopened.list().map((p) => p.name)).toEqual(['Alps 2026', 'Beach']);
    expect(reopened.get(a.id).clipCount).toBe(2);
    reopened.delete(a.id);
    expect(reopened.list().map((p) => p.id)).toEqual([b.id]);
    expect(() => reopened.get(a.id)).toThrow(/No project with id/);
    expect(reopened.restore(a.id).clipCount).toBe(2);
    reopened.delete(a.id);
    db.close();

    // Seven days later the trash is purged, with the project's clips.
    db = openDatabase(file);
    const later = createProjectRepository(db, () => new Date(Date.now() + 8 * 86_400_000));
    expect(later.purgeTrash()).toBe(1);
    expect(() => later.restore(a.id)).toThrow(/No deleted project/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM clips').get()).toEqual({ n: 0 });
    db.close();
  });

  it('answers NOT_FOUND for unknown ids and changes nothing', () => {
    const db = openDatabase(join(tempDir(), 'studio.db'));
    const repo = createProjectRepository(db);
    const kept = repo.create('Kept');
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(() => repo.rename(missing, 'x')).toThrow(/No project with id/);
    expect(() => repo.delete(missing)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(repo.list()).toEqual([kept]);
    expect(() => repo.restore(kept.id)).toThrow(/No deleted project/);
    db.close();
  });
});

describe('migrations runner', () => {
  it('applies only newer migrations, each atomically', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [
      { version: 1, name: 'a', sql: 'CREATE TABLE a (x)' },
      { version: 2, name: 'b', sql: 'CREATE TABLE b (x); CREATE TABLE broken (' },
    ];
    expect(() => runMigrations(db, steps)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    steps[1] = { version: 2, name: 'b', sql: 'CREATE TABLE b (x)' };
    expect(runMigrations(db, steps)).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });

  it('refuses a database newer than the app', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => runMigrations(db, migrations)).toThrow(/newer than this app knows/);
  });

  it('refuses gaps in the migration list', () => {
    const db = new Database(':memory:');
    expect(() => runMigrations(db, [{ version: 2, name: 'x', sql: '' }])).toThrow(/without gaps/);
  });
});
