import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../adapters/common/logger.js';

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = createLogger({ ...options, write: (line) => lines.push(line) });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the pino logger keeps the redaction rules', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('writes one JSON line per record: time, level, message and the fields', () => {
    const { logger, records } = capture();
    logger.info({ userId: 'U1', items: 3 }, 'turn answered');
    const [record] = records();
    expect(record).toMatchObject({ level: 'info', message: 'turn answered', userId: 'U1', items: 3 });
    expect(new Date(record!.time as string).toISOString()).toBe(record!.time);
  });

  it('redacts fields named like a secret at any depth, and errors keep only their name and message', () => {
    const { logger, records } = capture();
    logger.warn({ config: { slack: { botToken: 'plain-value-1', signingSecret: 'plain-value-2' } }, headers: { Authorization: 'x' }, password: 'p', error: new TypeError('boom') }, 'x');
    const [record] = records();
    expect(record).toMatchObject({ config: { slack: { botToken: '[redacted]', signingSecret: '[redacted]' } }, headers: { Authorization: '[redacted]' }, password: '[redacted]', error: { name: 'TypeError', message: 'boom' } });
  });

  it('redacts token shapes and the configured secret values in the message and in child bindings', () => {
    const { logger, lines } = capture({ secrets: ['s3cr3t-value-of-any-shape'] });
    const child = logger.child({ note: 'bound xoxb-1234-5678-abcdef' });
    child.error({ detail: 'url?t=xapp-1-A0-123-abc' }, 'failed with s3cr3t-value-of-any-shape and Bearer abcdefgh12345678 and Bot MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz12');
    const line = lines[0]!;
    for (const secret of ['s3cr3t-value-of-any-shape', 'xoxb-1234', 'xapp-1-A0', 'abcdefgh12345678', 'GabcDE']) expect(line).not.toContain(secret);
    expect(line).toContain('Bearer [redacted]');
    expect(line).toContain('Bot [redacted]');
  });

  it('redacts the password of a URL (FLARECHAT_MODEL_URL, FLARECHAT_DATABASE_URL) and the environment tokens', () => {
    vi.stubEnv('FLARECHAT_MODEL_TOKEN', 'model-token-from-env');
    const { logger, lines } = capture();
    logger.error({ url: 'http://bot:hunter2@127.0.0.1:8080/' }, 'the model server at postgres://me:pa55word@db/x said model-token-from-env');
    expect(lines[0]).not.toMatch(/hunter2|pa55word|model-token-from-env/);
    expect(lines[0]).toContain('http://bot:[redacted]@127.0.0.1:8080/');
  });

  it('honours the level, from the options or FLARECHAT_LOG_LEVEL', () => {
    const quiet = capture({ level: 'warn' });
    quiet.logger.info('hidden');
    quiet.logger.warn('shown');
    expect(quiet.records().map((r) => r.message)).toEqual(['shown']);
    vi.stubEnv('FLARECHAT_LOG_LEVEL', 'debug');
    const verbose = capture();
    verbose.logger.debug('details');
    expect(verbose.records()).toMatchObject([{ level: 'debug', message: 'details' }]);
  });
});
