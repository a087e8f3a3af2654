import type { CliCommand } from '../command.js';

interface CommandEntry {
  name: string;
  /** One line for `flarechat --help`. */
  summary: string;
  /** Imported only when this command runs (or shows its own --help): `flarechat --help` loads none of them. */
  load(): Promise<{ command: CliCommand }>;
}

/** Every flarechat command, in the order `flarechat --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'chat', summary: 'talk to the recommender in the terminal (npm start)', load: () => import('./chat.js') },
  { name: 'slack', summary: 'run the Slack app (Socket Mode, or HTTP with SLACK_MODE=http)', load: () => import('./slack.js') },
  { name: 'discord', summary: 'run the Discord bot', load: () => import('./discord.js') },
  { name: 'discord-deploy', summary: 'register the Discord slash commands', load: () => import('./discord-deploy.js') },
  { name: 'bots', summary: 'run the Slack and Discord bots together (npm run bots)', load: () => import('./bots.js') },
  { name: 'serve', summary: 'run the model server (HTTP JSON API with micro-batching, ONNX Runtime when exported)', load: () => import('./serve.js') },
  { name: 'prepare', summary: 'turn raw or processed Amazon review data into a prepared dataset folder', load: () => import('./prepare.js') },
  { name: 'stats', summary: "print a dataset's statistics (the paper's Table 1 row)", load: () => import('./stats.js') },
  { name: 'clean-catalog', summary: "clean an existing bundle's or dataset's catalog in place (titles, categories; ids and order kept)", load: () => import('./clean-catalog.js') },
  { name: 'encode', summary: "precompute and cache a catalog's item text features with the frozen text encoder", load: () => import('./encode.js') },
  { name: 'train', summary: 'train a model on a prepared dataset and write a bundle with its report', load: () => import('./train.js') },
  { name: 'add-items', summary: 'add new items to a Flare bundle without retraining (their text read by its encoder)', load: () => import('./add-items.js') },
  { name: 'evaluate', summary: 'evaluate a bundle on a dataset split (full ranking)', load: () => import('./evaluate.js') },
  { name: 'bundle', summary: "rehash or verify a bundle's file list (SHA-256 of every file, checked at load)", load: () => import('./bundle.js') },
  { name: 'export', summary: 'export a bundle to ONNX for onnxruntime serving (model.onnx + onnx.json)', load: () => import('./export.js') },
  { name: 'peer-data', summary: "write a prepared dataset's sequences as an LC-Rec folder for the PyTorch peer (same split as ours)", load: () => import('./peer-data.js') },
  { name: 'experiment', summary: "rerun one of the paper's tables and write a report", load: () => import('./experiment.js') },
  { name: 'trace', summary: 'print Appendix C style traces: Bert4Rec*, Flare and Flare with a critique for the same history', load: () => import('./trace.js') },
  { name: 'understanding', summary: "write a bundle's understanding vectors or the needs lexicon's vectors, or refit the understanding's scorer on development phrase tables", load: () => import('./understanding.js') },
  { name: 'bench', summary: 'run a benchmark and write reports/bench-<name>.json and .md (npm run bench:<name>)', load: () => import('./bench.js') },
];
