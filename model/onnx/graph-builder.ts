import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX versions the exported graph declares: opset 17 has LayerNormalization; IR 8 is what every onnxruntime 1.x reads. */
export const OPSET_VERSION = 17;
export const IR_VERSION = 8;

export const ElementType = { float: onnx.TensorProto.DataType.FLOAT, int64: onnx.TensorProto.DataType.INT64, bool: onnx.TensorProto.DataType.BOOL } as const;
type ElementTypeValue = (typeof ElementType)[keyof typeof ElementType];

/** A node attribute with its ONNX type made explicit (a JavaScript number cannot say whether it is INT or FLOAT). */
export type Attribute = onnxProto.onnx.IAttributeProto;
export const attr = {
  int: (i: number): Attribute => ({ type: onnx.AttributeProto.AttributeType.INT, i }),
  float: (f: number): Attribute => ({ type: onnx.AttributeProto.AttributeType.FLOAT, f }),
  ints: (ints: number[]): Attribute => ({ type: onnx.AttributeProto.AttributeType.INTS, ints }),
};

/** A dimension: a fixed size or a symbolic name (batch, length) resolved at run time. */
export type Dim = number | string;

const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

/** Builds one ONNX graph in SSA style: every op returns the fresh names of its outputs. */
export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private counter = 0;

  input(name: string, type: ElementTypeValue, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Marks `value` as a graph output under `name` (through an Identity, so names stay independent of the ops). */
  output(value: string, name: string, type: ElementTypeValue, dims: Dim[]): void {
    this.nodes.push({ opType: 'Identity', input: [value], output: [name], name: `output_${name}` });
    this.outputs.push(valueInfo(name, type, dims));
  }

  floats(name: string, data: Float32Array, dims: number[]): string {
    if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`initializer ${name}: ${data.length} values for shape [${dims.join(', ')}]`);
    this.initializers.push({ name, dataType: ElementType.float, dims, rawData: bytesOf(data) });
    return name;
  }

  int64s(values: number[], dims: number[] = [values.length]): string {
    const name = this.fresh('const');
    this.initializers.push({ name, dataType: ElementType.int64, dims, rawData: bytesOf(BigInt64Array.from(values, BigInt)) });
    return name;
  }

  scalar(value: number): string {
    return this.floats(this.fresh('const'), Float32Array.of(value), []);
  }

  op(type: string, inputs: string[], attributes: Record<string, Attribute> = {}): string {
    return this.opN(type, inputs, 1, attributes)[0]!;
  }

  opN(type: string, inputs: string[], outputs: number, attributes: Record<string, Attribute> = {}): string[] {
    const names = Array.from({ length: outputs }, () => this.fresh(type));
    this.nodes.push({
      opType: type,
      name: names[0],
      input: inputs,
      output: names,
      attribute: Object.entries(attributes).map(([name, a]) => ({ ...a, name })),
    });
    return names;
  }

  /** The serialized ModelProto. */
  toBytes(graphName: string, metadata: Record<string, string>): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET_VERSION }],
      producerName: 'flarechat',
      graph: { name: graphName, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }
}

function valueInfo(name: string, elemType: number, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}
