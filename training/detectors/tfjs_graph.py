"""Reads a TensorFlow.js graph model (model.json + weight shards) into plain Python and numpy.

A graph model is a TensorFlow GraphDef written as JSON ("modelTopology": {"node": [...]}) with its
constants moved to binary shards described by "weightsManifest". Each weight is stored in its
"dtype", or, when it has a "quantization" entry, in the quantised dtype: float16 (the value is the
float16 number itself, so float16 storage is exact), or uint8/uint16 with min and scale.
"""
import base64
import json
import os

import numpy as np

_DTYPES = {'float32': np.float32, 'int32': np.int32, 'bool': np.bool_}
_QUANT = {'float16': np.float16, 'uint8': np.uint8, 'uint16': np.uint16}


class Node:
    """One GraphDef node: name, op, inputs (control inputs dropped) and attributes as JSON."""

    def __init__(self, raw):
        self.name = raw['name']
        self.op = raw['op']
        self.inputs = [i for i in raw.get('input', []) if not i.startswith('^')]
        self.attr = raw.get('attr', {})

    def attr_ints(self, key):
        return [int(v) for v in self.attr.get(key, {}).get('list', {}).get('i', [])]

    def attr_str(self, key):
        value = self.attr.get(key, {}).get('s')
        return base64.b64decode(value).decode() if value is not None else None

    def attr_strs(self, key):
        return [base64.b64decode(v).decode() for v in self.attr.get(key, {}).get('list', {}).get('s', [])]

    def attr_float(self, key, default=None):
        return float(self.attr[key]['f']) if key in self.attr else default

    def attr_bool(self, key, default=False):
        return bool(self.attr[key]['b']) if key in self.attr else default

    def placeholder_shape(self):
        dims = self.attr['shape']['shape']['dim']
        return [int(d.get('size', -1)) for d in dims]


class Graph:
    """The nodes of a graph model in file order, its weights by name, and its declared outputs."""

    def __init__(self, json_path):
        with open(json_path) as f:
            self.model = json.load(f)
        if self.model.get('format') != 'graph-model':
            raise ValueError(f'{json_path}: not a TensorFlow.js graph model')
        self.nodes = [Node(n) for n in self.model['modelTopology']['node']]
        self.by_name = {n.name: n for n in self.nodes}
        self.weights, self.fp16_weights = _read_weights(os.path.dirname(json_path), self.model['weightsManifest'])
        signature = self.model.get('signature') or self.model.get('userDefinedMetadata', {}).get('signature')
        self.signature = signature

    def in_order(self):
        """The nodes in an order where every node comes after the nodes it reads."""
        done, ordered = set(), []

        def visit(node):
            stack = [(node, False)]
            while stack:
                n, expanded = stack.pop()
                if n.name in done:
                    continue
                if expanded:
                    done.add(n.name)
                    ordered.append(n)
                    continue
                stack.append((n, True))
                stack.extend((self.by_name[i.split(':')[0]], False) for i in n.inputs
                             if i.split(':')[0] not in done)

        for node in self.nodes:
            visit(node)
        return ordered

    def output_names(self):
        """The graph's outputs (Identity nodes that nothing consumes), sorted by name."""
        consumed = {i.split(':')[0] for n in self.nodes for i in n.inputs}
        return sorted(n.name for n in self.nodes if n.op == 'Identity' and n.name not in consumed)


def _read_weights(folder, manifest):
    values, fp16 = {}, set()
    for group in manifest:
        data = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            array, offset = _read_one(spec, data, offset)
            values[spec['name']] = array
            if spec.get('quantization', {}).get('dtype') == 'float16':
                fp16.add(spec['name'])
        if offset != len(data):
            raise ValueError(f'weights: {len(data)} bytes in the shards, the manifest describes {offset}')
    return values, fp16


def _read_one(spec, data, offset):
    shape = spec['shape']
    count = int(np.prod(shape)) if shape else 1
    quant = spec.get('quantization')
    if quant is None:
        dtype = np.dtype(_DTYPES[spec['dtype']])
        array = np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(shape)
        return array.copy(), offset + count * dtype.itemsize
    qtype = np.dtype(_QUANT[quant['dtype']])
    raw = np.frombuffer(data, dtype=qtype, count=count, offset=offset).reshape(shape)
    if quant['dtype'] == 'float16':
        array = raw.copy()  # kept as float16: exact, converted where it is used
    else:
        array = (quant['min'] + quant['scale'] * raw.astype(np.float32)).astype(np.float32)
    return array, offset + count * qtype.itemsize
