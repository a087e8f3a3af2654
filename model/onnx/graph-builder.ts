import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX versions our graphs declare: opset 17 has LayerNormalization; IR 8 is what every onnxruntime 1.x reads. */
export const OPSET_VERSION = 17;
export const IR_VERSION = 8;
/** ONNX Runtime's contrib operators (fused and quantized kernels). */
export const MICROSOFT_DOMAIN = 'com.microsoft';

export type ElementType = 'float32' | 'int64' | 'int8' | 'uint8' | 'bool';
export const ELEMENT_TYPES: Record<ElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int8: onnx.TensorProto.DataType.INT8,
  uint8: onnx.TensorProto.DataType.UINT8,
  bool: onnx.TensorProto.DataType.BOOL,
};
/** A dimension: a fixed size or a symbolic name (batch, length) resolved at run time. */
export type Dim = number | string;
/** A number is an INT attribute, so a FLOAT one says so: `{ float: 1e-6 }` (a JavaScript number cannot tell them apart). */
export type AttributeValue = number | number[] | string | { float: number };

type Node = ReturnType<typeof onnx.NodeProto.create>;
type Tensor = ReturnType<typeof onnx.TensorProto.create>;
type ValueInfo = ReturnType<typeof onnx.ValueInfoProto.create>;

const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

function valueInfo(name: string, type: ElementType, shape: readonly Dim[]): ValueInfo {
  return onnx.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: ELEMENT_TYPES[type], shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
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
 * Builds one ONNX model node by node, for every graph we run (the serving graph, the USE-lite text encoder). Value
 * and initializer names are generated, so callers only wire values together; weights go in as raw little-endian
 * initializers.
 */
export class OnnxGraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly initializers: Tensor[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly domains = new Set<string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  private initializer(name: string, type: ElementType, dims: readonly number[], data: ArrayBufferView & { length: number }): string {
    if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`initializer ${name}: ${data.length} values for shape [${dims.join(', ')}]`);
    const unique = this.fresh(name);
    this.initializers.push(onnx.TensorProto.create({ name: unique, dims: [...dims], dataType: ELEMENT_TYPES[type], rawData: bytesOf(data) }));
    return unique;
  }

  input(name: string, type: ElementType, shape: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** Marks `value` as a graph output under `name` (through an Identity, so names stay independent of the ops). */
  output(value: string, name: string, type: ElementType, shape: readonly Dim[]): void {
    this.node('Identity', [value], {}, name);
    this.outputs.push(valueInfo(name, type, shape));
  }

  float(name: string, dims: readonly number[], data: Float32Array): string {
    return this.initializer(name, 'float32', dims, data);
  }

  int64(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(name, 'int64', dims, BigInt64Array.from(values, (v) => BigInt(v)));
  }

  uint8(name: string, dims: readonly number[], data: Uint8Array): string {
    return this.initializer(name, 'uint8', dims, data);
  }

  scalar(name: string, value: number): string {
    return this.float(name, [], Float32Array.of(value));
  }

  /** Adds one node and returns its (first) output name. */
  node(op: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, outputName?: string, domain = ''): string {
    return this.nodeN(op, inputs, 1, attributes, domain, outputName)[0]!;
  }

  /** Adds one node with `outputs` outputs (Split, TopK) and returns their names. */
  nodeN(op: string, inputs: readonly string[], outputs: number, attributes: Record<string, AttributeValue> = {}, domain = '', firstOutputName?: string): string[] {
    const names = Array.from({ length: outputs }, (_, i) => (i === 0 && firstOutputName) || this.fresh(op.toLowerCase()));
    if (domain) this.domains.add(domain);
    this.nodes.push(
      onnx.NodeProto.create({
        opType: op,
        domain,
        name: this.fresh(`n_${op}`),
        input: [...inputs],
        output: names,
        attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
      }),
    );
    return names;
  }

  /** The serialised ModelProto (IR 8, default domain at `opset`, contrib domains at version 1). */
  toBytes(opset = OPSET_VERSION, metadata: Record<string, string> = {}): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'flarechat',
      opsetImport: [{ domain: '', version: opset }, ...[...this.domains].map((domain) => ({ domain, version: 1 }))],
      graph: onnx.GraphProto.create({ name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs }),
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
