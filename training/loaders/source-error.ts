/**
 * A source that cannot become a dataset (no users in it, a file that is not what its name says, not JSON): the
 * message names the file and what to do. `userFacing` tells the CLI to print the message alone, without a stack.
 */
export class SourceError extends Error {
  readonly userFacing = true;
}
