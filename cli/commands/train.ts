import { Option } from 'commander';
import { numberArg, UsageError, type CliCommand } from '../command.js';
import { progressOn } from '../../training/progress.js';
import { runTraining } from '../../training/run-training.js';
import { PRESETS, type TrainConfig } from '../../training/config.js';

const description = `Trains the model on the dataset's training split (leave-one-out), early-stops on validation nDCG@10,
evaluates the test split over the full catalog and writes a bundle (manifest.json, weights.bin,
catalog.jsonl) with report.md/.json and validation.svg. A killed run resumes from <out>/checkpoint.`;

const environment = `
Environment: FLARECHAT_TF_BACKEND forces a backend (tensorflow-gpu, tensorflow, wasm, cpu);
  FLARECHAT_DATA_DIR holds the text-feature cache (cache/text-features), so a second Flare run skips encoding.`;

interface TrainOptions {
  out: string;
  model?: TrainConfig['model'];
  preset?: string;
  critique?: TrainConfig['critique'];
  epochs?: number;
  lr?: number;
  batch?: number;
  maskProb?: number;
  gradClip?: number;
  evalUsers?: number;
  lastItemOnly?: boolean;
  packing?: boolean;
  batching?: TrainConfig['batching'];
  dropout?: number;
  attentionDropout?: number;
  weightDecay?: number;
  warmup?: number;
  positions?: 'end' | 'start';
  outputHead?: boolean;
  init?: TrainConfig['init'];
  textInit?: TrainConfig['textInit'];
  repeatBias?: boolean;
  contrastiveDecay?: number;
  weightAverage?: number;
  /** false with --no-perceiver; a "layers,heads,latents" string with --perceiver. */
  perceiver?: string | false;
  contrastive?: boolean;
  contrastiveWeight?: number;
  contrastiveProjection?: boolean;
  outputText?: boolean;
  unseenItemRate?: number;
  textEncoder?: string;
  patience?: number;
  seed?: number;
  workers?: number;
}

const number = numberArg();
const whole = numberArg({ integer: true, min: 0 });
const positive = numberArg({ integer: true, min: 1 });

export const command: CliCommand<TrainOptions> = {
  define: (cmd) =>
    cmd
      .description(description)
      .argument('<prepared-dataset>', 'a folder written by `flarechat prepare`')
      .requiredOption('--out <bundle-folder>', 'where to write the bundle (and its checkpoint while training)')
      .addOption(new Option('--model <name>', 'bert4rec (IDs only) | flare (IDs + Perceiver-pooled item text and critique text)').choices(['bert4rec', 'flare']))
      .addOption(new Option('--preset <name>', 'model size (default small: 2 layers, 2 heads, d 64, hidden 256)').choices(Object.keys(PRESETS)))
      .addOption(new Option('--critique <mode>', 'category critiques in training (section 3.4)').choices(['none', 'broad', 'precise']))
      .option('--epochs <n>', 'maximum epochs (default from the preset)', positive)
      .option('--lr <x>', 'peak learning rate', number)
      .option('--batch <n>', 'sequences a batch (default 64)', positive)
      .option('--mask-prob <x>', 'cloze masking probability', number)
      .option('--grad-clip <x>', 'clip the global gradient norm to X before Adam (default 0 = off for bert4rec, 1 for flare)', number)
      .option('--eval-users <n>', 'validation users scored each epoch for early stopping (default 100000: every user of the shared sets; fewer = a seeded random sample)', positive)
      .option('--last-item-only', 'the "w/o bidirectional masking" ablation')
      .addOption(new Option('--batching <kind>', 'packed (default: several short users a row, section 4.2.2) | random (one user a row, padded: slower) | length (users of similar length together: trains worse)').choices(['packed', 'random', 'length']))
      .option('--packing', 'the same as --batching packed')
      .option('--dropout <x>', 'dropout on embeddings and sub-layer outputs (default 0.2)', number)
      .option('--attention-dropout <x>', 'dropout on attention weights (default 0.2)', number)
      .option('--weight-decay <x>', 'decoupled weight decay (default 0.01)', number)
      .option('--warmup <n>', 'linear learning-rate warm-up steps (default 0)', whole)
      .addOption(new Option('--positions <from>', 'end (default: the predicted [MASK] always at the last position, as the PyTorch peer) | start (bundles before it)').choices(['end', 'start']))
      .option('--output-head', "the original BERT4Rec's dense + GELU + layer-norm head before the tied logits (off by default)")
      .option('--contrastive-decay <epochs>', 'Flare: epochs over which the ID-text loss weight falls linearly to 0 (default 0: constant)', numberArg({ integer: true, min: 0 }))
      .option('--weight-average <decay>', 'validate, keep and ship a moving average of the weights, updated every step with this decay (e.g. 0.999; default 0: off)', numberArg({ min: 0 }))
      .option('--no-repeat-bias', 'no learned score for items already in the history (default: learn how likely a repeat is, training/README.md)')
      .addOption(new Option('--text-init <scheme>', "Flare: the Perceiver's dense weights: bert (default) | fan-in, as the backbone's").choices(['fan-in', 'bert']))
      .addOption(new Option('--init <scheme>', "dense weights: fan-in (default, PyTorch nn.Linear's) | bert (truncated normal, std 0.02)").choices(['fan-in', 'bert']))
      .option('--perceiver <L,H,N>', 'Flare: Perceiver layers, heads, latents (default 2,2,2)')
      .option('--no-perceiver', 'Flare: the "w/o Perceiver" ablation (mean of the projected text states)')
      .option('--no-contrastive', 'Flare: the "w/o contrastive loss" ablation')
      .option('--contrastive-weight <x>', 'Flare: weight of the ID-text InfoNCE loss (default 0.3)', number)
      .option('--no-contrastive-projection', 'Flare: compare the text with the ID embedding itself, not a learned linear map of it')
      .option('--output-text', 'Flare: score items at the output by ID + text context, not the ID embedding alone')
      .option('--unseen-item-rate <x>', 'Flare: share of input item IDs replaced by the learned unseen-item embedding, so items added later (add-items) rank by their text (default 0.1; 0 = off)', number)
      .option('--text-encoder <spec>', 'Flare: use-lite (default, ships in npm) or a folder with model.onnx + tokenizer.json')
      .option('--patience <n>', 'early-stopping patience in epochs', whole)
      .option('--seed <n>', 'random seed (default 1)', numberArg({ integer: true }))
      .option('--workers <n>', 'data-parallel worker threads, one wasm backend each (default 1; 2 uses both cores of a 2-core machine)', positive)
      .addHelpText('after', environment),
  async run(values, [dataset]: [string]) {
    const overrides: Partial<TrainConfig> = {};
    const set = <K extends keyof TrainConfig>(key: K, v: TrainConfig[K] | undefined) => {
      if (v !== undefined) overrides[key] = v;
    };
    set('preset', values.preset);
    set('critique', values.critique);
    set('model', values.model);
    set('epochs', values.epochs);
    set('learningRate', values.lr);
    set('batchSize', values.batch);
    set('maskProbability', values.maskProb);
    set('patience', values.patience);
    set('gradientClip', values.gradClip);
    set('evalUsers', values.evalUsers);
    set('seed', values.seed);
    set('workers', values.workers);
    set('textEncoder', values.textEncoder);
    if (values.lastItemOnly) overrides.bidirectionalMasking = false;
    if (values.packing) overrides.batching = 'packed';
    set('batching', values.batching);
    set('dropout', values.dropout);
    set('attentionDropout', values.attentionDropout);
    set('weightDecay', values.weightDecay);
    set('warmupSteps', values.warmup);
    if (values.positions) overrides.positionsFromEnd = values.positions === 'end';
    if (values.outputHead) overrides.outputHead = true;
    set('init', values.init);
    set('textInit', values.textInit);
    set('repeatBias', values.repeatBias);
    set('contrastiveDecayEpochs', values.contrastiveDecay);
    set('weightAverage', values.weightAverage);
    if (values.contrastive === false) overrides.contrastiveWeight = 0;
    set('contrastiveWeight', values.contrastiveWeight);
    if (values.contrastiveProjection === false) overrides.contrastiveProjection = false;
    if (values.outputText) overrides.outputText = true;
    set('unseenItemRate', values.unseenItemRate);
    if (values.perceiver === false) overrides.usePerceiver = false;
    else if (typeof values.perceiver === 'string') {
      const [layers, heads, latents] = values.perceiver.split(',').map((v) => Number(v));
      if (![layers, heads, latents].every((v) => Number.isInteger(v) && v! > 0)) throw new UsageError(`--perceiver takes layers,heads,latents as whole numbers, got '${values.perceiver}'`);
      Object.assign(overrides, { perceiverLayers: layers, perceiverHeads: heads, perceiverLatents: latents });
    }
    try {
      const progress = progressOn(process.stderr);
      await runTraining({ dataset, out: values.out, overrides, command: `flarechat ${process.argv.slice(2).join(' ')}`, log: (l) => progress.log(l), progress });
    } catch (error) {
      if ((error as Error).message.startsWith('invalid training config') || (error as Error).message.startsWith('unknown preset')) throw new UsageError((error as Error).message);
      throw error;
    }
    return 0;
  },
};
