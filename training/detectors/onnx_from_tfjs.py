"""Translates a TensorFlow.js graph model to ONNX, node by node.

Only the ops the two detectors use are known (anything else stops the translation, naming the node):
Conv2D, _FusedConv2D (BiasAdd, optional Relu), DepthwiseConv2dNative, MaxPool, ResizeBilinear,
Pad, PadV2, Add, AddV2, ConcatV2, SplitV, Reshape, Transpose, Relu, LeakyRelu, Sigmoid, Identity, and
SparseToDense on constants. Nodes whose inputs are all constants are evaluated here with numpy.

Layouts: TensorFlow's convolutions work on NHWC, ONNX's on NCHW. Every tensor keeps its logical
(TensorFlow) shape and is stored in some physical order, `perm` (physical = logical transposed by
perm). A TensorFlow Transpose only changes the perm, without an ONNX node; an ONNX Transpose is
emitted only where an op needs another order than the one its input is stored in (convolutions and
pooling want NCHW, Reshape and the outputs want the logical order). The detectors' graphs, which
are full of NCHW <-> NHWC transposes (NanoDet came through onnx-tf), translate to plain NCHW graphs.

Weights stored as float16 in the TensorFlow.js shards stay float16 initialisers, each followed by a
Cast to float32: the same numbers TensorFlow.js computes with, in half the bytes.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from tfjs_graph import Graph

OPSET = 17
NHWC_AS_NCHW = (0, 3, 1, 2)


def inverse(perm):
    out = [0] * len(perm)
    for i, p in enumerate(perm):
        out[p] = i
    return tuple(out)


class Tensor:
    """A value computed by the ONNX graph: its name, logical shape (-1: batch) and physical order."""

    def __init__(self, name, shape, perm):
        self.name, self.shape, self.perm = name, tuple(shape), tuple(perm)


class Converter:
    """Builds the ONNX graph for one TensorFlow.js graph; see the module notes."""

    def __init__(self, graph, input_perm):
        self.graph = graph
        self.input_perm = tuple(input_perm)
        self.values = {}  # TensorFlow tensor name -> Tensor or numpy array (constant)
        self.nodes, self.inits, self.counter = [], {}, 0
        self.unbiased = {}  # ONNX output of a Conv without bias -> the Conv node
        self.readers = {}
        for node in graph.nodes:
            for i in node.inputs:
                self.readers[i.split(':')[0]] = self.readers.get(i.split(':')[0], 0) + 1

    # -- values ---------------------------------------------------------------------------------
    def fresh(self, base):
        self.counter += 1
        return f'{base.split("/")[-1]}_{self.counter}'

    def value(self, ref):
        name, _, index = ref.partition(':')
        key = name if index in ('', '0') else f'{name}:{index}'
        if key not in self.values:
            raise KeyError(f'{ref} is used before it is computed')
        return self.values[key]

    def const(self, ref):
        v = self.value(ref)
        if not isinstance(v, np.ndarray):
            raise ValueError(f'{ref} must be a constant')
        return v

    def initializer(self, array, base):
        name = self.fresh(base + '_const')
        self.inits[name] = array
        return name

    def emit(self, op, inputs, base, **attrs):
        out = self.fresh(base)
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def in_order(self, t, perm):
        """The name of `t` stored in `perm` order, adding a Transpose when it is stored otherwise."""
        perm = tuple(perm)
        if t.perm == perm:
            return t.name
        step = tuple(inverse(t.perm)[p] for p in perm)
        return self.emit('Transpose', [t.name], t.name + '_T', perm=list(step))

    def physical_const(self, array, t):
        """A constant that broadcasts against tensor `t`, laid out in `t`'s physical order."""
        array = array.astype(np.float32) if array.dtype == np.float64 else array
        full = array.reshape((1,) * (len(t.shape) - array.ndim) + array.shape)
        return np.transpose(full, t.perm)

    # -- translation ----------------------------------------------------------------------------
    def run(self, input_name, outputs):
        for node in self.graph.in_order():
            handler = getattr(self, 'op_' + node.op.lstrip('_'), None)
            if handler is None:
                raise NotImplementedError(f'{node.name}: op {node.op} is not translated')
            handler(node)
        return self.finish(input_name, outputs)

    def op_Const(self, node):
        self.values[node.name] = self.graph.weights[node.name]

    def op_Placeholder(self, node):
        shape = list(node.placeholder_shape())
        shape[0] = -1
        self.input_shape = shape
        self.values[node.name] = Tensor('input', shape, self.input_perm)

    def op_Identity(self, node):
        self.values[node.name] = self.value(node.inputs[0])

    def op_Transpose(self, node):
        x, q = self.value(node.inputs[0]), tuple(int(v) for v in self.const(node.inputs[1]))
        if isinstance(x, np.ndarray):
            self.values[node.name] = np.transpose(x, q)
            return
        perm = inverse(tuple(inverse(x.perm)[i] for i in q))
        self.values[node.name] = Tensor(x.name, tuple(x.shape[i] for i in q), perm)

    def op_SparseToDense(self, node):
        indices, shape, values, default = (self.const(i) for i in node.inputs)
        dense = np.full(tuple(int(s) for s in shape), default, dtype=values.dtype if values.size else default.dtype)
        if indices.size:
            for idx, val in zip(indices.reshape(len(indices), -1), np.broadcast_to(values, (len(indices),))):
                dense[tuple(idx)] = val
        self.values[node.name] = dense

    def op_Add(self, node):
        a, b = (self.value(i) for i in node.inputs)
        if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
            self.values[node.name] = a + b
            return
        if self.fold_bias(node, a, b):
            return
        t = a if isinstance(a, Tensor) else b
        names = []
        for v in (a, b):
            if isinstance(v, np.ndarray):
                names.append(self.initializer(self.physical_const(v, t), node.name))
            else:
                names.append(self.in_order(v, t.perm))
        shape = t.shape if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) else _broadcast(a.shape, b.shape)
        self.values[node.name] = Tensor(self.emit('Add', names, node.name), shape, t.perm)

    op_AddV2 = op_Add

    def fold_bias(self, node, a, b):
        """Conv (no bias) + a per-channel constant, the Conv's only reader: the constant becomes its bias."""
        t, c = (a, b) if isinstance(b, np.ndarray) else (b, a)
        conv = self.unbiased.get(getattr(t, 'name', None))
        source = node.inputs[0 if t is a else 1].split(':')[0]
        if conv is None or not isinstance(c, np.ndarray) or self.readers.get(source) != 1:
            return False
        if c.shape != (t.shape[-1],) or t.perm != NHWC_AS_NCHW:
            return False
        conv.input.append(self.initializer(c, node.name))
        del self.unbiased[t.name]
        self.values[node.name] = t
        return True

    def unary(self, node, op, **attrs):
        x = self.value(node.inputs[0])
        self.values[node.name] = Tensor(self.emit(op, [x.name], node.name, **attrs), x.shape, x.perm)

    def op_Relu(self, node):
        self.unary(node, 'Relu')

    def op_Sigmoid(self, node):
        self.unary(node, 'Sigmoid')

    def op_LeakyRelu(self, node):
        self.unary(node, 'LeakyRelu', alpha=node.attr_float('alpha', 0.2))

    def op_Pad(self, node, value=None):
        x, pads = self.value(node.inputs[0]), self.const(node.inputs[1]).astype(np.int64)
        phys = pads[list(x.perm)]
        inputs = [x.name, self.initializer(np.concatenate([phys[:, 0], phys[:, 1]]), node.name)]
        if value is not None:
            inputs.append(self.initializer(np.asarray(value, dtype=np.float32), node.name))
        shape = tuple(-1 if s == -1 else s + int(p[0] + p[1]) for s, p in zip(x.shape, pads))
        self.values[node.name] = Tensor(self.emit('Pad', inputs, node.name, mode='constant'), shape, x.perm)

    def op_PadV2(self, node):
        self.op_Pad(node, value=float(self.const(node.inputs[2])))

    def op_ConcatV2(self, node):
        parts, axis = [self.value(i) for i in node.inputs[:-1]], int(self.const(node.inputs[-1]))
        perm = parts[0].perm
        axis %= len(parts[0].shape)
        names = [self.in_order(p, perm) for p in parts]
        shape = list(parts[0].shape)
        shape[axis] = sum(p.shape[axis] for p in parts)
        out = self.emit('Concat', names, node.name, axis=perm.index(axis))
        self.values[node.name] = Tensor(out, shape, perm)

    def op_SplitV(self, node):
        x = self.value(node.inputs[0])
        sizes = [int(s) for s in self.const(node.inputs[1])]
        axis = int(self.const(node.inputs[2])) % len(x.shape)
        outs = [self.fresh(node.name) for _ in sizes]
        split = self.initializer(np.asarray(sizes, dtype=np.int64), node.name)
        self.nodes.append(helper.make_node('Split', [x.name, split], outs, name=outs[0], axis=x.perm.index(axis)))
        for i, (name, size) in enumerate(zip(outs, sizes)):
            shape = list(x.shape)
            shape[axis] = size
            self.values[node.name if i == 0 else f'{node.name}:{i}'] = Tensor(name, shape, x.perm)

    def op_Reshape(self, node):
        x, target = self.value(node.inputs[0]), self.const(node.inputs[1]).astype(np.int64)
        if target[0] != 1 or x.shape[0] != -1:
            raise ValueError(f'{node.name}: expected a reshape that keeps the batch first')
        target = target.copy()
        target[0] = 0  # ONNX: copy the batch from the input, so any batch size runs
        name = self.emit('Reshape', [self.in_order(x, range(len(x.shape))), self.initializer(target, node.name)], node.name)
        shape = [-1] + [int(s) for s in target[1:]]
        if -1 in shape[1:]:
            known = int(np.prod([s for s in shape[1:] if s != -1]))
            total = int(np.prod(x.shape[1:]))
            shape[shape[1:].index(-1) + 1] = total // known
        self.values[node.name] = Tensor(name, shape, range(len(shape)))

    # -- NHWC ops -------------------------------------------------------------------------------
    def nhwc_input(self, node):
        if (node.attr_str('data_format') or 'NHWC') != 'NHWC':
            raise NotImplementedError(f'{node.name}: data_format {node.attr_str("data_format")}')
        x = self.value(node.inputs[0])
        return x, self.in_order(x, NHWC_AS_NCHW)

    def window(self, node, x, kernel, strides):
        padding = node.attr_str('padding')
        dilations = node.attr_ints('dilations') or [1, 1, 1, 1]
        if node.attr_ints('explicit_paddings') or any(d != 1 for d in dilations):
            raise NotImplementedError(f'{node.name}: explicit paddings or dilations')
        n, h, w, _ = x.shape
        if padding == 'SAME':
            size = (-(-h // strides[0]), -(-w // strides[1]))
            return dict(auto_pad='SAME_UPPER'), size
        if padding == 'VALID':
            return {}, ((h - kernel[0]) // strides[0] + 1, (w - kernel[1]) // strides[1] + 1)
        raise NotImplementedError(f'{node.name}: padding {padding}')

    def conv(self, node, weight_oihw, bias, group, relu):
        x, name = self.nhwc_input(node)
        strides = node.attr_ints('strides')[1:3]
        pads, (oh, ow) = self.window(node, x, weight_oihw.shape[2:], strides)
        inputs = [name, self.initializer(weight_oihw, node.name)]
        if bias is not None:
            inputs.append(self.initializer(bias, node.name))
        out = self.emit('Conv', inputs, node.name, kernel_shape=list(weight_oihw.shape[2:]),
                        strides=strides, group=group, **pads)
        if bias is None and not relu:
            self.unbiased[out] = self.nodes[-1]
        if relu:
            out = self.emit('Relu', [out], node.name)
        self.values[node.name] = Tensor(out, (x.shape[0], oh, ow, weight_oihw.shape[0]), NHWC_AS_NCHW)

    def op_Conv2D(self, node):
        self.conv(node, np.transpose(self.const(node.inputs[1]), (3, 2, 0, 1)), None, 1, False)

    def op_FusedConv2D(self, node):
        ops = node.attr_strs('fused_ops')
        if ops not in (['BiasAdd'], ['BiasAdd', 'Relu']):
            raise NotImplementedError(f'{node.name}: fused ops {ops}')
        weight = np.transpose(self.const(node.inputs[1]), (3, 2, 0, 1))
        self.conv(node, weight, self.const(node.inputs[2]), 1, ops[-1] == 'Relu')

    def op_DepthwiseConv2dNative(self, node):
        kernel = self.const(node.inputs[1])  # [H, W, C, M]
        h, w, c, m = kernel.shape
        weight = np.transpose(kernel, (2, 3, 0, 1)).reshape(c * m, 1, h, w)
        self.conv(node, weight, None, c, False)

    def op_MaxPool(self, node):
        x, name = self.nhwc_input(node)
        kernel, strides = node.attr_ints('ksize')[1:3], node.attr_ints('strides')[1:3]
        pads, (oh, ow) = self.window(node, x, kernel, strides)
        out = self.emit('MaxPool', [name], node.name, kernel_shape=kernel, strides=strides, **pads)
        self.values[node.name] = Tensor(out, (x.shape[0], oh, ow, x.shape[3]), NHWC_AS_NCHW)

    def op_ResizeBilinear(self, node):
        if node.attr_bool('align_corners') or not node.attr_bool('half_pixel_centers'):
            raise NotImplementedError(f'{node.name}: only half-pixel centres are translated')
        x, name = self.nhwc_input(node)
        oh, ow = (int(s) for s in self.const(node.inputs[1]))
        scales = np.asarray([1, 1, oh / x.shape[1], ow / x.shape[2]], dtype=np.float32)
        out = self.emit('Resize', [name, '', self.initializer(scales, node.name)], node.name,
                        mode='linear', coordinate_transformation_mode='half_pixel')
        self.values[node.name] = Tensor(out, (x.shape[0], oh, ow, x.shape[3]), NHWC_AS_NCHW)

    # -- the model ------------------------------------------------------------------------------
    def finish(self, input_name, outputs):
        """outputs: [(ONNX output name, TensorFlow tensor)]; returns the ONNX model."""
        graph_outputs = []
        for onnx_name, ref in outputs:
            t = self.value(ref)
            name = self.in_order(t, range(len(t.shape)))
            self.nodes.append(helper.make_node('Identity', [name], [onnx_name], name=onnx_name))
            graph_outputs.append(helper.make_tensor_value_info(onnx_name, TensorProto.FLOAT, _dims(t.shape)))
        physical = [self.input_shape[p] for p in self.input_perm]
        graph_input = helper.make_tensor_value_info(input_name, TensorProto.FLOAT, _dims(physical))
        for n in self.nodes:
            n.input[:] = [input_name if i == 'input' else i for i in n.input]
        casts, inits = self.initializers()
        graph = helper.make_graph(casts + self.nodes, 'detector', [graph_input], graph_outputs, inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)],
                                  producer_name='iqmon training/detectors/convert_detectors.py')
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model

    def initializers(self):
        """float16 weights as float16 initialisers + Cast; the rest as they are."""
        casts, inits = [], []
        for name, array in self.inits.items():
            if array.dtype == np.float16:
                inits.append(numpy_helper.from_array(array, name + '_fp16'))
                casts.append(helper.make_node('Cast', [name + '_fp16'], [name], name=name + '_cast',
                                              to=TensorProto.FLOAT))
            elif array.dtype == np.int32:
                inits.append(numpy_helper.from_array(array.astype(np.int64), name))
            else:
                inits.append(numpy_helper.from_array(array, name))
        return casts, inits


def _broadcast(a, b):
    if len(a) != len(b):
        raise ValueError(f'cannot broadcast {a} and {b}')
    return tuple(x if y == 1 else y for x, y in zip(a, b))


def _dims(shape):
    return ['batch' if s == -1 else int(s) for s in shape]


def convert(json_path, input_name, input_perm, outputs):
    """The ONNX model of a TensorFlow.js graph; see Converter. outputs: [(name, TensorFlow tensor)]."""
    return Converter(Graph(json_path), input_perm).run(input_name, outputs)
