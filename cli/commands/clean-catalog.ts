import type { CliCommand } from '../command.js';
import { numberArg } from '../command.js';
import { cleanCatalogFolder } from '../../training/clean-catalog.js';
import { formatProblemSummary } from '../../training/loaders/problems.js';

const description = `Cleans the catalog of an existing bundle (catalog.jsonl) or prepared dataset (items.jsonl) the way
\`flarechat prepare\` cleans a source: markup and HTML entities out, double-encoded UTF-8 repaired
("ProductsÂ" -> "Products", "Ã˜" -> "Ø"), titles that are only a category name or markup dropped, category paths
cut where product text leaked into them. Item ids and order stay, so a trained model still matches its catalog.
Prints what changed, counted by kind, with examples before and after.`;

const show = (title: string) => (title ? JSON.stringify(title) : '(no title)');

export const command: CliCommand<{ dryRun?: boolean; examples: number }> = {
  define: (cmd) =>
    cmd
      .description(description)
      .argument('<folder>', 'a bundle folder or a prepared dataset folder')
      .option('--dry-run', 'report what would change, write nothing')
      .option('--examples <n>', 'how many items with a changed title or category path to show before and after', numberArg({ integer: true, min: 0 }), 10),
  async run(values, [folder]: [string]) {
    const result = cleanCatalogFolder(folder, { write: !values.dryRun });
    const fields = (['title', 'categories', 'brand', 'description'] as const).map((field) => {
      const n = result.changed.filter(({ before, after }) => JSON.stringify(before[field]) !== JSON.stringify(after[field])).length;
      return `${field} ${n}`;
    });
    const lines = [
      `${result.file}: ${result.items} items, ${values.dryRun ? 'would change' : 'changed'} ${result.changed.length} (by field: ${fields.join(', ')}; ids and order kept)`,
      formatProblemSummary(result.problems).replace('in the source', 'in the catalog'),
    ];
    // Titles and categories are what people see; whitespace-only description changes are counted, not shown.
    const visible = result.changed.filter(({ before, after }) => before.title !== after.title || before.categories.join('\n') !== after.categories.join('\n'));
    for (const { before, after } of visible.slice(0, values.examples)) {
      if (before.title !== after.title) lines.push(`  ${after.id}: ${show(before.title)} -> ${show(after.title)}`);
      if (before.categories.join(' > ') !== after.categories.join(' > ')) lines.push(`  ${after.id}: categories ${before.categories.join(' > ')} -> ${after.categories.join(' > ')}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
