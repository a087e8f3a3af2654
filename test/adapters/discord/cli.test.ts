import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually } from '../../support/patience.js';
import { ConfigError } from '../../../adapters/common/env.js';
import { deployCommands } from '../../../adapters/discord/deploy.js';
import { command as discordCommand } from '../../../cli/commands/discord.js';
import { command as deployCommand } from '../../../cli/commands/discord-deploy.js';
import { APPLICATION_ID, FakeDiscord, GUILD_ID, makeUser, slashCommand, type RecordedRequest } from './fake-discord.js';
import { commandHelp } from '../../../cli/main.js';

const root = join(import.meta.dirname, '..', '..', '..');
const TOKEN = 'cli-test-token-2b8d4f6a90';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start(TOKEN);
});
afterAll(async () => {
  await fake?.close();
});

/** The user's environment without anything Discord- or database-related that could leak into the run. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DISCORD_') && k !== 'FLARECHAT_DATABASE_URL'));
  return { ...env, FLARECHAT_LOG_LEVEL: 'info', ...extra };
}

function flarechat(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(root, 'bin', 'flarechat.js'), ...args], { cwd: root, env: cleanEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, exited };
}

describe('flarechat discord and discord-deploy', () => {
  it('list their environment variables in --help, and name every missing one at once', async () => {
    for (const name of ['DISCORD_TOKEN', 'DISCORD_API_URL', 'DISCORD_GATEWAY_URL', 'FLARECHAT_DATA_DIR']) expect(await commandHelp('discord')).toContain(name);
    for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID']) expect(await commandHelp('discord-deploy')).toContain(name);
    vi.stubEnv('DISCORD_TOKEN', '');
    vi.stubEnv('DISCORD_APPLICATION_ID', '');
    try {
      await expect(deployCommand.run({}, [])).rejects.toThrow(/^missing configuration: DISCORD_TOKEN .*; DISCORD_APPLICATION_ID /);
      await expect(discordCommand.run({}, [])).rejects.toBeInstanceOf(ConfigError);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('registers the four slash commands in one server, or globally without DISCORD_GUILD_ID', async () => {
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: fake.apiUrl };
    const inGuild = await flarechat(['discord-deploy'], { ...env, DISCORD_GUILD_ID: GUILD_ID }).exited;
    expect(inGuild.stderr).toBe('');
    expect(inGuild.code).toBe(0);
    expect(inGuild.stdout).toBe(`Registered /recommend, /critique, /history, /reset in server ${GUILD_ID}.\n`);
    const put = await fake.waitFor((r) => r.method === 'PUT' && r.path === `/api/v10/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`);
    expect(put.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(put.body.map((c: { name: string }) => c.name)).toEqual(['recommend', 'critique', 'history', 'reset']);
    const byName = Object.fromEntries(put.body.map((c: { name: string }) => [c.name, c]));
    expect(byName.recommend.options).toMatchObject([{ name: 'text', type: 3, required: false }]);
    expect(byName.critique.options).toMatchObject([{ name: 'text', type: 3, required: true }]);
    expect(byName.history.options ?? []).toEqual([]);
    for (const c of put.body) expect(c.contexts).toEqual([0, 1]);

    expect(await deployCommands({ token: TOKEN, applicationId: APPLICATION_ID, apiUrl: fake.apiUrl })).toEqual({ scope: 'global', names: ['recommend', 'critique', 'history', 'reset'] });
    await fake.waitFor((r) => r.method === 'PUT' && r.path === `/api/v10/applications/${APPLICATION_ID}/commands`);
  });

  it('runs the bot (gateway from DISCORD_GATEWAY_URL) and on SIGTERM answers the turn in flight, disconnects and exits 0', async () => {
    fake.advertisedGatewayUrl = 'ws://127.0.0.1:9';
    const dataDir = mkdtempSync(join(tmpdir(), 'flarechat-discord-cli-'));
    const bot = flarechat(['discord'], { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_GATEWAY_URL: fake.gatewayUrl, FLARECHAT_DATA_DIR: dataDir });
    await eventually(() => fake.identifies.length === 1, 'the bot identifies on the gateway');

    const interaction = slashCommand('recommend', makeUser('ada'), 'guild');
    const isCallback = (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/api/v10/interactions/${interaction.id}/`);
    const isEdit = (r: RecordedRequest) => r.method === 'PATCH' && r.path.includes(`/${String(interaction.token)}/`);
    fake.respondOnce(isCallback, { status: 204, delayMs: 500 });
    fake.dispatch('INTERACTION_CREATE', interaction);
    await fake.waitFor(isCallback);
    bot.child.kill('SIGTERM');
    const { code, stderr } = await bot.exited;

    expect(code).toBe(0);
    expect(fake.requests.find(isEdit)?.body.embeds[0].fields).toHaveLength(5);
    expect(fake.closeCodes).toEqual([1000]);
    const logs = stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { message: string });
    expect(logs.map((l) => l.message)).toEqual(expect.arrayContaining(['connected to Discord', 'serving', 'shutting down: finishing turns in flight', 'disconnected from Discord']));
    expect(stderr).not.toContain(TOKEN);
  });
});
