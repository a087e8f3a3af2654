import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export type ElementType = 'float32' | 'int64' | 'int8';
/** A dimension: a fixed size or a symbolic name such as 'batch'. */
export type Dim = number | string;
export type AttributeValue = number | number[] | string | { float: number };

const ELEMENT_TYPES: Record<ElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int8: onnx.TensorProto.DataType.INT8,
};
/** ONNX Runtime's contrib operators (fused and quantized kernels). */
export const MICROSOFT_DOMAIN = 'com.microsoft';

function valueInfo(name: string, type: ElementType, shape: readonly Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES[type],
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

function attribute(name: string, value: AttributeValue) {
  const types = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return onnx.AttributeProto.create({ name, type: types.STRING, s: new TextEncoder().encode(value) });
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: types.INTS, ints: value });
  if (typeof value === 'object') return onnx.AttributeProto.create({ name, type: types.FLOAT, f: value.float });
  return onnx.AttributeProto.create({ name, type: types.INT, i: value });
}

/**
 * Builds an ONNX model node by node. Names are generated, so callers only wire values together; weights go in as
 * raw little-endian initializers.
 */
export class OnnxGraphBuilder {
  private readonly nodes: ReturnType<typeof onnx.NodeProto.create>[] = [];
  private readonly initializers: ReturnType<typeof onnx.TensorProto.create>[] = [];
  private readonly inputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  private readonly outputs: ReturnType<typeof onnx.ValueInfoProto.create>[] = [];
  private readonly domains = new Set<string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  input(name: string, type: ElementType, shape: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  output(value: string, name: string, type: ElementType, shape: readonly Dim[]): void {
    this.node('Identity', [value], {}, name);
    this.outputs.push(valueInfo(name, type, shape));
  }

  float(name: string, dims: readonly number[], data: Float32Array): string {
    if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`initializer ${name}: ${data.length} values for shape [${dims.join(', ')}]`);
    const unique = this.fresh(name);
    this.initializers.push(
      onnx.TensorProto.create({ name: unique, dims: [...dims], dataType: ELEMENT_TYPES.float32, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }),
    );
    return unique;
  }

  int64(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    const unique = this.fresh(name);
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    this.initializers.push(onnx.TensorProto.create({ name: unique, dims: [...dims], dataType: ELEMENT_TYPES.int64, rawData: new Uint8Array(data.buffer) }));
    return unique;
  }

  int8(name: string, dims: readonly number[], data: Int8Array): string {
    const unique = this.fresh(name);
    this.initializers.push(onnx.TensorProto.create({ name: unique, dims: [...dims], dataType: ELEMENT_TYPES.int8, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }));
    return unique;
  }

  scalar(name: string, value: number): string {
    return this.float(name, [], Float32Array.of(value));
  }

  /** Adds one node and returns its (first) output name. */
  node(op: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, outputName?: string, domain = ''): string {
    const output = outputName ?? this.fresh(op.toLowerCase());
    if (domain) this.domains.add(domain);
    this.nodes.push(
      onnx.NodeProto.create({
        opType: op,
        domain,
        name: this.fresh(`n_${op}`),
        input: [...inputs],
        output: [output],
        attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
      }),
    );
    return output;
  }

  /** Serialised ModelProto (IR 8, default domain at `opset`). */
  toBytes(opset = 17): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'flarechat',
      opsetImport: [{ domain: '', version: opset }, ...[...this.domains].map((domain) => ({ domain, version: 1 }))],
      graph: onnx.GraphProto.create({ name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs }),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
