export const FNV1A_OFFSET = 0x811c9dc5;
const FNV1A_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a, one round per unit: a string's UTF-16 code units, or the values of an array (32-bit words hash a
 * Float32Array's bit patterns). Pass the previous result as `hash` to continue over several inputs.
 */
export function fnv1a(units: string | ArrayLike<number>, hash = FNV1A_OFFSET): number {
  let h = hash;
  if (typeof units === 'string') for (let i = 0; i < units.length; i++) h = Math.imul(h ^ units.charCodeAt(i), FNV1A_PRIME);
  else for (let i = 0; i < units.length; i++) h = Math.imul(h ^ units[i]!, FNV1A_PRIME);
  return h >>> 0;
}
