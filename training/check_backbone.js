// Runs nsfwjs 4.4.0's original MobileNetV2, as TensorFlow.js loads it, up to block_10 and writes the
// outputs of the requested layers, for check_backbone.py to compare with the PyTorch port.
//
//   node check_backbone.js NSFWJS_DIR NODE_MODULES_DIR WORK_DIR
//
// WORK_DIR/request.json: {"layers": [Keras layer names], "inputs": [{"name", "height", "width"}]};
// each input is WORK_DIR/<name>.in.f32, float32 little-endian NHWC [1, height, width, 3].
// Writes WORK_DIR/<name>.<layer>.f32 (NHWC) and WORK_DIR/response.json with every output's shape.
//
// The topology is cut after block_10_project_BN and its input is made [null, null, null, 3] so that
// any image size runs; only the weights of the kept layers are handed to TensorFlow.js, which
// dequantises them itself (uint8 with the manifest's min and scale). Backend: pure JavaScript CPU.
'use strict';
const fs = require('fs');
const path = require('path');

const LAST_LAYER = 'block_10_project_BN';

function cutModel(model, outputs) {
  const topology = JSON.parse(JSON.stringify(model.modelTopology));
  const config = topology.model_config.config;
  const last = config.layers.findIndex((l) => l.name === LAST_LAYER);
  if (last < 0) throw new Error(`${LAST_LAYER} not found`);
  config.layers = config.layers.slice(0, last + 1);
  config.layers[0].config.batch_input_shape = [null, null, null, 3];
  config.input_layers = [[config.layers[0].name, 0, 0]];
  config.output_layers = outputs.map((name) => [name, 0, 0]);
  const kept = new Set(config.layers.map((l) => l.name));

  const manifest = model.weightsManifest;
  if (manifest.length !== 1) throw new Error('expected one weight group');
  const bytes = {uint8: 1, uint16: 2, float16: 2, float32: 4};
  return {topology, manifest: manifest[0], kept, bytes};
}

function keptWeights(cut, shard) {
  const specs = [];
  const parts = [];
  let offset = 0;
  for (const spec of cut.manifest.weights) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const dtype = spec.quantization ? spec.quantization.dtype : spec.dtype;
    const size = n * cut.bytes[dtype];
    if (cut.kept.has(spec.name.split('/')[0])) {
      specs.push(spec);
      parts.push(shard.subarray(offset, offset + size));
    }
    offset += size;
  }
  if (offset !== shard.length) throw new Error(`shard has ${shard.length} bytes, manifest ${offset}`);
  const data = Buffer.concat(parts);
  return {specs, data: data.buffer.slice(data.byteOffset, data.byteOffset + data.length)};
}

async function main() {
  const [src, nodeModules, work] = process.argv.slice(2);
  if (!work) throw new Error('usage: node check_backbone.js NSFWJS_DIR NODE_MODULES_DIR WORK_DIR');
  const tf = require(path.join(nodeModules, '@tensorflow/tfjs-core'));
  require(path.join(nodeModules, '@tensorflow/tfjs-backend-cpu'));
  const tfl = require(path.join(nodeModules, '@tensorflow/tfjs-layers'));
  await tf.setBackend('cpu');

  const request = JSON.parse(fs.readFileSync(path.join(work, 'request.json'), 'utf8'));
  const dir = path.join(src, 'dist/models/mobilenet_v2');
  const model = require(path.join(dir, 'model.min.js'));
  const shard = Buffer.from(require(path.join(dir, 'group1-shard1of1.min.js')), 'base64');
  const cut = cutModel(model, request.layers);
  const weights = keptWeights(cut, shard);
  const net = await tfl.loadLayersModel(tf.io.fromMemory({
    modelTopology: cut.topology, weightSpecs: weights.specs, weightData: weights.data}));

  const response = {backend: tf.getBackend(), version: tf.version_core, outputs: {}};
  for (const input of request.inputs) {
    const raw = fs.readFileSync(path.join(work, `${input.name}.in.f32`));
    const values = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    const x = tf.tensor4d(values, [1, input.height, input.width, 3]);
    const ys = net.predict(x);
    const list = Array.isArray(ys) ? ys : [ys];
    response.outputs[input.name] = {};
    list.forEach((y, i) => {
      const layer = request.layers[i];
      const v = y.dataSync();
      fs.writeFileSync(path.join(work, `${input.name}.${layer}.f32`), Buffer.from(v.buffer, v.byteOffset, v.byteLength));
      response.outputs[input.name][layer] = y.shape;
    });
    tf.dispose([x, ...list]);
  }
  fs.writeFileSync(path.join(work, 'response.json'), JSON.stringify(response));
}

main().catch((e) => {
  console.error(`check_backbone.js: ${e.stack || e}`);
  process.exit(1);
});
