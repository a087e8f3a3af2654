import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.js';
import { runTraining } from '../../training/run-training.js';
import { PRESETS, type TrainConfig } from '../../training/train.js';

const help = `Usage: flarechat train <prepared-dataset> --out <bundle-folder> [options]

Trains the model on the dataset's training split (leave-one-out), early-stops on validation nDCG@10,
evaluates the test split over the full catalog and writes a bundle (manifest.json, weights.bin,
catalog.jsonl) with report.md/.json and validation.svg. A killed run resumes from <out>/checkpoint.

Options:
  --model NAME         bert4rec (IDs only) | flare (IDs + Perceiver-pooled item text and critique text; default bert4rec)
  --preset NAME        ${Object.keys(PRESETS).join(' | ')} (default small: 2 layers, 2 heads, d 64, hidden 256)
  --critique MODE      none | broad | precise: category critiques in training (section 3.4)
  --epochs N           maximum epochs (default from the preset)
  --lr X               peak learning rate
  --batch N            sequences a batch (default 64)
  --mask-prob X        cloze masking probability
  --grad-clip X        clip the global gradient norm to X before Adam (default 1; 0 = off)
  --eval-users N       validation users scored each epoch for early stopping (default 100000, every user of
                       the shared sets; fewer = a seeded random sample)
  --last-item-only     the "w/o bidirectional masking" ablation
  --packing            pack several short sequences into each row (section 4.2.2) instead of length buckets
  --no-perceiver       Flare: the "w/o Perceiver" ablation (mean of the projected text states)
  --no-contrastive     Flare: the "w/o contrastive loss" ablation
  --contrastive-weight X  Flare: weight of the ID-text InfoNCE loss (default 0.3)
  --no-contrastive-projection  Flare: compare the text with the ID embedding itself, not a learned linear map of it
  --output-text        Flare: score items at the output by ID + text context, not the ID embedding alone
  --perceiver L,H,N    Flare: Perceiver layers, heads, latents (default 2,2,2)
  --text-encoder SPEC  Flare: use-lite (default, ships in npm) or a folder with model.onnx + tokenizer.json
  --patience N         early-stopping patience in epochs
  --seed N             random seed (default 1)
  --workers N          data-parallel worker threads, one wasm backend each (default 1; 2 uses both cores of a 2-core machine)
Environment: FLARECHAT_TF_BACKEND forces a backend (tensorflow-gpu, tensorflow, wasm, cpu);
  FLARECHAT_DATA_DIR holds the text-feature cache (cache/text-features), so a second Flare run skips encoding.
`;

export const command: Command = {
  name: 'train',
  summary: 'train a model on a prepared dataset and write a bundle with its report',
  help,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        preset: { type: 'string' },
        critique: { type: 'string' },
        epochs: { type: 'string' },
        lr: { type: 'string' },
        batch: { type: 'string' },
        'mask-prob': { type: 'string' },
        'grad-clip': { type: 'string' },
        'eval-users': { type: 'string' },
        'last-item-only': { type: 'boolean' },
        patience: { type: 'string' },
        seed: { type: 'string' },
        workers: { type: 'string' },
        model: { type: 'string' },
        packing: { type: 'boolean' },
        'no-perceiver': { type: 'boolean' },
        'no-contrastive': { type: 'boolean' },
        'contrastive-weight': { type: 'string' },
        'no-contrastive-projection': { type: 'boolean' },
        'output-text': { type: 'boolean' },
        perceiver: { type: 'string' },
        'text-encoder': { type: 'string' },
      },
    });
    if (positionals.length !== 1 || !values.out) throw new UsageError('expected <prepared-dataset> and --out <bundle-folder>');
    const number = (name: string, v: string | undefined) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${v}'`);
      return n;
    };
    const overrides: Partial<TrainConfig> = {};
    if (values.preset) overrides.preset = values.preset;
    if (values.critique) overrides.critique = values.critique as TrainConfig['critique'];
    const set = <K extends keyof TrainConfig>(key: K, v: TrainConfig[K] | undefined) => {
      if (v !== undefined) overrides[key] = v;
    };
    set('epochs', number('epochs', values.epochs));
    set('learningRate', number('lr', values.lr));
    set('batchSize', number('batch', values.batch));
    set('maskProbability', number('mask-prob', values['mask-prob']));
    set('patience', number('patience', values.patience));
    set('gradientClip', number('grad-clip', values['grad-clip']));
    set('evalUsers', number('eval-users', values['eval-users']));
    set('seed', number('seed', values.seed));
    set('workers', number('workers', values.workers));
    if (values['last-item-only']) overrides.bidirectionalMasking = false;
    if (values.model) overrides.model = values.model as TrainConfig['model'];
    if (values.packing) overrides.packing = true;
    if (values['no-perceiver']) overrides.usePerceiver = false;
    if (values['no-contrastive']) overrides.contrastiveWeight = 0;
    if (values['no-contrastive-projection']) overrides.contrastiveProjection = false;
    if (values['output-text']) overrides.outputText = true;
    set('contrastiveWeight', number('contrastive-weight', values['contrastive-weight']));
    if (values['text-encoder']) overrides.textEncoder = values['text-encoder'];
    if (values.perceiver) {
      const [layers, heads, latents] = values.perceiver.split(',').map((v) => Number(v));
      if (![layers, heads, latents].every((v) => Number.isInteger(v) && v! > 0)) throw new UsageError(`--perceiver takes layers,heads,latents as whole numbers, got '${values.perceiver}'`);
      Object.assign(overrides, { perceiverLayers: layers, perceiverHeads: heads, perceiverLatents: latents });
    }
    try {
      await runTraining({ dataset: positionals[0]!, out: values.out, overrides, command: `flarechat train ${args.join(' ')}`, log: (l) => process.stderr.write(l + '\n') });
    } catch (error) {
      if ((error as Error).message.startsWith('invalid training config') || (error as Error).message.startsWith('unknown preset')) throw new UsageError((error as Error).message);
      throw error;
    }
    return 0;
  },
};
