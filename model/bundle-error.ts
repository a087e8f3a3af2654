/** A bundle that cannot be used as it is: printed as one line saying what is wrong and what to do. */
export class BundleError extends Error {
  readonly userFacing = true;
}
