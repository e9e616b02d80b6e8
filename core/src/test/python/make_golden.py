#!/usr/bin/env python3
"""Recompute golden.json, the NumPy reference values of scratchnet's tests.

Everything is computed from the definitions of 'Deep Learning from Scratch' (Koki Saitoh), chapters
3-4, written below as the book writes them (common/functions.py, common/gradient.py,
ch03/neuralnet_mnist_batch.py, ch04/gradient_2d.py, gradient_method.py, gradient_simplenet.py,
two_layer_net.py extended to three layers), on the four MNIST IDX files and the book's
sample_weight.pkl. Only Python 3 and NumPy are needed.

Regenerate and compare (from the repository root):

    python3 core/src/test/python/make_golden.py --mnist ~/.cache/scratchnet/mnist \\
        --weights ../shared/data/sample_weight.pkl --out /tmp/golden.json
    diff core/src/test/resources/golden.json /tmp/golden.json

--mnist takes the four uncompressed IDX files or their .gz; the SHA-256 sums are of the
uncompressed bytes. The output is json.dumps(..., indent=1) without a final newline, floats written
as Python repr of the value widened exactly to double, so the two files diff line by line.

What depends on the machine. The MNIST section, the integers and booleans, predictions,
accuracies and confusion matrices, and the ch4 sections other than the gradient check did not move
in any of the runs below. The rest passes through np.dot (the BLAS NumPy was built with: here
OpenBLAS 0.3.31 of NumPy 2.4.6's wheel, Haswell kernels on an AMD EPYC with AVX2/FMA, 2 cores) and
through NumPy's SIMD np.exp/np.log, whose order of additions and last bits depend on the BLAS build,
its thread count and the CPU. golden.json was written with OpenBLAS on 2 threads (the default here)
and this script reproduces it byte for byte that way (3 or 4 threads: the same bytes).
Measured here against golden.json:
  - OPENBLAS_NUM_THREADS=1 (as ch3_inference/comparison/blas_threads_note says): nine values move,
    nothing else. float32 cross_entropy_mean 0.22454363107681274 (-1.5e-8) and mse_mean
    0.049579109996557236 (-3.7e-9), hence cross_entropy_abs_diff_float32_vs_float64 (2.4e-8) and
    mse_abs_diff_float32_vs_float64 (3.7e-9); max_rel_diff_softmax_..._entries_ge_1e-3 6.11e-6
    (was 6.39e-6); cross_entropy_float32_outputs_float64_reduction (-8.3e-10);
    min_top1_minus_top2_prob_float64 (-5.6e-16); max_abs_diff_softmax_float32_batch10000_vs_batch100
    6.56e-7 (was 7.15e-7); sequential_k_accumulation_no_blas/float32/
    max_abs_diff_softmax_vs_blas_same_dtype 8.34e-7 (was 8.94e-7). Predictions, accuracies,
    confusion, both softmax_test0 and the whole gradient check are unchanged.
  - Another BLAS kernel (OPENBLAS_CORETYPE=Sandybridge, standing in for another CPU or BLAS build):
    the last bits of every float that passes through np.dot: softmax_test0 (float64 up to 2e-18,
    float32 up to 2.3e-9), the softmax diagnostics (up to 7e-7 for the float32 ones), the gradient
    check (backprop values up to 3.5e-17; mean/max_abs_diff up to 1.3e-12 absolute, 2e-4 relative;
    numerical_sum up to 1.1e-10; backprop_sum of W3 and b3, which are rounding noise around 0 of
    size 1e-15 and 1e-17, change entirely). Counts, predictions and accuracies stay.
  - NumPy's own float32 np.exp kernel (NPY_DISABLE_CPU_FEATURES=X86_V3, i.e. a CPU without AVX2, or
    a NumPy version with other SIMD code): float32 softmax_test0 moves by up to 5.8e-10 and so do
    the float32 diagnostics built on it; float64 values do not move here. AVX-512 CPUs take still
    other exp/log kernels (not tried here).
"""
import argparse
import gzip
import hashlib
import json
import os
import pickle
import sys

import numpy as np

MNIST_FILES = ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte',
               't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')


# ---- common/functions.py ------------------------------------------------------------------------

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x):
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)   # overflow guard
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def mean_squared_error(y, t):
    return 0.5 * np.sum((y - t)**2)


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)

    # one-hot teacher data: turn it into the index of the correct label
    if t.size == y.size:
        t = t.argmax(axis=1)

    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


def cross_entropy_error_single(y, t):
    """Section 4.2.2: one example, one-hot t."""
    delta = 1e-7
    return -np.sum(t * np.log(y + delta))


# ---- ch04/gradient_2d.py (row by row) and common/gradient.py (nditer) ---------------------------

def _numerical_gradient_no_batch(f, x):
    h = 1e-4  # 0.0001
    grad = np.zeros_like(x)

    for idx in range(x.size):
        tmp_val = x[idx]

        # f(x+h)
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)

        # f(x-h)
        x[idx] = tmp_val - h
        fxh2 = f(x)

        grad[idx] = (fxh1 - fxh2) / (2*h)
        x[idx] = tmp_val  # restore the value

    return grad


def numerical_gradient_2d(f, X):
    if X.ndim == 1:
        return _numerical_gradient_no_batch(f, X)
    else:
        grad = np.zeros_like(X)

        for idx, x in enumerate(X):
            grad[idx] = _numerical_gradient_no_batch(f, x)

        return grad


def numerical_gradient(f, x):
    h = 1e-4  # 0.0001
    grad = np.zeros_like(x)

    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)  # f(x+h)

        x[idx] = tmp_val - h
        fxh2 = f(x)  # f(x-h)
        grad[idx] = (fxh1 - fxh2) / (2*h)

        x[idx] = tmp_val  # restore the value
        it.iternext()

    return grad


def function_2(x):
    if x.ndim == 1:
        return np.sum(x**2)
    else:
        return np.sum(x**2, axis=1)


# ---- ch04/gradient_method.py --------------------------------------------------------------------

def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    x_history = []

    for i in range(step_num):
        x_history.append(x.copy())

        grad = numerical_gradient_2d(f, x)
        x -= lr * grad

    return x, np.array(x_history)


# ---- ch04/gradient_simplenet.py -----------------------------------------------------------------

class simpleNet:
    def __init__(self, W):
        self.W = W   # the book draws np.random.randn(2,3); golden.json fixes it

    def predict(self, x):
        return np.dot(x, self.W)

    def loss(self, x, t):
        z = self.predict(x)
        y = softmax(z)
        loss = cross_entropy_error(y, t)

        return loss


# ---- ch03/neuralnet_mnist_batch.py --------------------------------------------------------------

def predict(network, x):
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']

    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    z2 = sigmoid(a2)
    a3 = np.dot(z2, W3) + b3
    y = softmax(a3)

    return y


def predict_batches(network, x, batch_size=100):
    """The book's loop over batches of 100; the softmax outputs of all batches, stacked."""
    ys = []
    for i in range(0, len(x), batch_size):
        x_batch = x[i:i+batch_size]
        ys.append(predict(network, x_batch))
    return np.concatenate(ys)


def dot_sequential(x, W):
    """x @ W without BLAS: the sum over k in order k = 0, 1, ..., K-1, in x's dtype."""
    acc = np.zeros((x.shape[0], W.shape[1]), dtype=np.result_type(x, W))
    for k in range(W.shape[0]):
        acc += x[:, k:k+1] * W[k]
    return acc


def predict_sequential(network, x):
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']

    a1 = dot_sequential(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = dot_sequential(z1, W2) + b2
    z2 = sigmoid(a2)
    a3 = dot_sequential(z2, W3) + b3
    y = softmax(a3)

    return y


# ---- ch04/two_layer_net.py, with a third layer --------------------------------------------------

class ThreeLayerNet:
    def __init__(self, params):
        self.params = params

    def predict(self, x):
        return predict(self.params, x)

    def loss(self, x, t):
        y = self.predict(x)
        return cross_entropy_error(y, t)

    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)

        grads = {}
        for key in ('W1', 'b1', 'W2', 'b2', 'W3', 'b3'):
            grads[key] = numerical_gradient(loss_W, self.params[key])

        return grads

    def gradient(self, x, t):
        W1, W2, W3 = self.params['W1'], self.params['W2'], self.params['W3']
        b1, b2, b3 = self.params['b1'], self.params['b2'], self.params['b3']
        grads = {}

        batch_num = x.shape[0]

        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        z2 = sigmoid(a2)
        a3 = np.dot(z2, W3) + b3
        y = softmax(a3)

        # backward
        dy = (y - t) / batch_num
        grads['W3'] = np.dot(z2.T, dy)
        grads['b3'] = np.sum(dy, axis=0)

        da2 = np.dot(dy, W3.T)
        dz2 = sigmoid_grad(a2) * da2
        grads['W2'] = np.dot(z1.T, dz2)
        grads['b2'] = np.sum(dz2, axis=0)

        da1 = np.dot(dz2, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads['W1'] = np.dot(x.T, dz1)
        grads['b1'] = np.sum(dz1, axis=0)

        return grads


# ---- data ---------------------------------------------------------------------------------------

def read_mnist_file(directory, name):
    """The uncompressed bytes of one IDX file, NAME or NAME.gz."""
    path = os.path.join(directory, name)
    if os.path.exists(path):
        with open(path, 'rb') as f:
            return f.read()
    with gzip.open(path + '.gz', 'rb') as f:
        return f.read()


def load_mnist(directory):
    raw = {name: read_mnist_file(directory, name) for name in MNIST_FILES}
    images = lambda name: np.frombuffer(raw[name], np.uint8, offset=16).reshape(-1, 784)
    labels = lambda name: np.frombuffer(raw[name], np.uint8, offset=8)
    return (raw, images('train-images-idx3-ubyte'), labels('train-labels-idx1-ubyte'),
            images('t10k-images-idx3-ubyte'), labels('t10k-labels-idx1-ubyte'))


def normalize(img):
    """dataset/mnist.py, load_mnist(normalize=True)."""
    x = img.astype(np.float32)
    x /= 255.0
    return x


# ---- golden.json, section by section ------------------------------------------------------------

def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


def matrix(a):
    return [floats(row) for row in np.asarray(a)]


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def mnist_section(raw, x_train_u8, t_train, x_test_u8, t_test, pkl_bytes):
    pixels = np.arange(256).astype(np.float32)
    pixels /= 255.0
    in_double = (np.arange(256) / 255.0).astype(np.float32)
    return {
        'sha256': {name: sha256(raw[name]) for name in MNIST_FILES},
        'train_labels_first10': ints(t_train[:10]),
        'test_labels_first10': ints(t_test[:10]),
        'test_label_counts': ints(np.bincount(t_test, minlength=10)),
        'train_label_counts': ints(np.bincount(t_train, minlength=10)),
        'sample_weight_pkl_sha256': sha256(pkl_bytes),
        'train_img0_pixel_sum': int(x_train_u8[0].sum(dtype=np.int64)),
        'test_img0_pixel_sum': int(x_test_u8[0].sum(dtype=np.int64)),
        'normalisation': {
            'method': 'x.astype(float32); x /= 255.0 (float32 division, correctly rounded)',
            'float32_div_equals_double_div_rounded_to_float_for_all_256':
                bool(np.array_equal(pixels, in_double)),
            'x_of_pixel_1': float(pixels[1]),
            'x_of_pixel_128': float(pixels[128]),
        },
    }


def one_hot(t, dtype):
    return np.eye(10, dtype=dtype)[t]


def inference_results(y, t, dtype):
    """accuracy, counts and losses of the softmax outputs y (10000 x 10) against labels t."""
    N = len(t)
    p = np.argmax(y, axis=1)
    confusion = np.zeros((10, 10), dtype=np.int64)
    np.add.at(confusion, (t, p), 1)
    num_correct = int(np.sum(p == t))
    return {
        'dtype': dtype,
        'accuracy': num_correct / N,
        'num_correct': num_correct,
        'correct_per_class': ints(np.diag(confusion)),
        'confusion_matrix': [ints(row) for row in confusion],
        'pred_first100': ints(p[:100]),
        'softmax_test0': floats(y[0]),
        'cross_entropy_mean': float(cross_entropy_error(y, t)),
        'mse_mean': float(mean_squared_error(y, one_hot(t, dtype)) / N),
    }


def ch3_section(network32, x_test_u8, t_test):
    x32 = normalize(x_test_u8)
    t = t_test.astype(np.int64)
    N = len(t)
    nets = {dt: {k: v.astype(dt) for k, v in network32.items()} for dt in ('float64', 'float32')}
    y = {dt: predict_batches(nets[dt], x32.astype(dt)) for dt in nets}
    res = {dt: inference_results(y[dt], t, dt) for dt in nets}
    y64, y32 = y['float64'], y['float32']
    p64, p32 = y64.argmax(axis=1), y32.argmax(axis=1)
    y32w = y32.astype(np.float64)

    big = y64 >= 1e-3
    top2 = np.sort(y64, axis=1)[:, -2:]
    margin = top2[:, 1] - top2[:, 0]

    # ch03/neuralnet_mnist.py: one image at a time
    y_loop = np.array([predict(nets['float32'], x32[i]) for i in range(N)])
    # the whole test set as one batch
    y_one = predict(nets['float32'], x32)

    seq = {}
    for dt in ('float64', 'float32'):
        ys = predict_sequential(nets[dt], x32.astype(dt))
        seq[dt] = {
            'accuracy': int(np.sum(ys.argmax(axis=1) == t)) / N,
            'pred_disagreements_vs_blas_same_dtype': int(np.sum(ys.argmax(axis=1) != y[dt].argmax(axis=1))),
            'max_abs_diff_softmax_vs_blas_same_dtype': float(np.max(np.abs(ys - y[dt]))),
            'max_abs_diff_softmax_vs_blas_float64': float(np.max(np.abs(ys.astype(np.float64) - y64))),
            'softmax_test0': floats(ys[0]),
            'cross_entropy_mean': float(cross_entropy_error(ys, t)),
            'mse_mean': float(mean_squared_error(ys, one_hot(t, dt)) / N),
        }

    xd = x_test_u8.astype(np.float64) / 255.0
    yd = predict_batches(nets['float64'], xd)

    comparison = {
        'float32_vs_float64_prediction_disagreements': int(np.sum(p32 != p64)),
        'float32_vs_float64_accuracy_equal': res['float32']['accuracy'] == res['float64']['accuracy'],
        'float32_vs_float64_confusion_equal':
            res['float32']['confusion_matrix'] == res['float64']['confusion_matrix'],
        'max_abs_diff_softmax_float32_vs_float64_all10000x10': float(np.max(np.abs(y32w - y64))),
        'max_rel_diff_softmax_float32_vs_float64_entries_ge_1e-3':
            float(np.max(np.abs(y32w[big] - y64[big]) / y64[big])),
        'cross_entropy_abs_diff_float32_vs_float64':
            abs(res['float32']['cross_entropy_mean'] - res['float64']['cross_entropy_mean']),
        'mse_abs_diff_float32_vs_float64': abs(res['float32']['mse_mean'] - res['float64']['mse_mean']),
        'cross_entropy_float32_outputs_float64_reduction': float(cross_entropy_error(y32w, t)),
        'min_top1_minus_top2_prob_float64': float(margin.min()),
        'min_margin_test_index': int(margin.argmin()),
        'num_images_margin_below_1e-4': int(np.sum(margin < 1e-4)),
        'num_images_margin_below_1e-3': int(np.sum(margin < 1e-3)),
        'per_image_loop_float32_pred_equal_batch100': bool(np.array_equal(y_loop.argmax(axis=1), p32)),
        'per_image_loop_float32_accuracy': int(np.sum(y_loop.argmax(axis=1) == t)) / N,
        'per_image_loop_float32_softmax_test0': floats(y_loop[0]),
        'single_batch10000_float32_pred_equal_batch100': bool(np.array_equal(y_one.argmax(axis=1), p32)),
        'max_abs_diff_softmax_float32_batch10000_vs_batch100': float(np.max(np.abs(y_one - y32))),
        'sequential_k_accumulation_no_blas': seq,
        'blas_threads_note': BLAS_THREADS_NOTE,
        'float64_inputs_v_div_255_in_double': {
            'accuracy': int(np.sum(yd.argmax(axis=1) == t)) / N,
            'pred_disagreements_vs_float64': int(np.sum(yd.argmax(axis=1) != p64)),
            'max_abs_diff_softmax_vs_float64': float(np.max(np.abs(yd - y64))),
            'cross_entropy_mean': float(cross_entropy_error(yd, t)),
        },
    }
    return {
        'network': 'sample_weight.pkl 784-50-100-10 sigmoid,sigmoid,softmax; batch 100; '
                   'argmax of softmax; confusion_matrix[true][pred]',
        'cross_entropy_def': '-sum(log(y[i, t_i] + 1e-7)) / N over all 10000 (labels form)',
        'mse_def': '0.5 * sum((y - onehot)^2) / N over all 10000',
        'float64': res['float64'],
        'float32': res['float32'],
        'comparison': comparison,
    }


BLAS_THREADS_NOTE = ('golden.json generated with OpenBLAS 2 threads (default here); with '
                     'OPENBLAS_NUM_THREADS=1 only float32 loss/mse change (~1e-8 abs) and some '
                     'diagnostics here; predictions, accuracies, confusion, softmax_test0 unchanged')


def ch4_loss_section():
    t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    y2 = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
    ta, ya, y2a = np.array(t), np.array(y), np.array(y2)
    return {
        't': t,
        'y': y,
        'y2': y2,
        'mse_y': float(mean_squared_error(ya, ta)),
        'cee_y': float(cross_entropy_error_single(ya, ta)),
        'mse_y2': float(mean_squared_error(y2a, ta)),
        'cee_y2': float(cross_entropy_error_single(y2a, ta)),
        'cee_y_common_functions_version': float(cross_entropy_error(ya, ta)),
        'cee_y2_common_functions_version': float(cross_entropy_error(y2a, ta)),
        'note': 'mse = 0.5*sum((y-t)^2); cee = -sum(t*log(y+1e-7)) (book 4.2.2); '
                'common_functions_version = batch version with argmax(t) (identical here)',
    }


def ch4_numerical_gradient_section():
    out = {
        'h': 1e-4,
        'method': 'central difference (f(x+h)-f(x-h))/(2h), per element, float64',
    }
    for name, point in (('at_3_4', [3.0, 4.0]), ('at_0_2', [0.0, 2.0]),
                        ('at_3_0', [3.0, 0.0]), ('at_5_6', [5.0, 6.0])):
        out[name] = floats(numerical_gradient_2d(function_2, np.array(point)))
    return out


def ch4_gradient_descent_section():
    out = {'function': 'x0^2 + x1^2', 'init_x': [-3.0, 4.0]}
    for name, lr, steps in (('lr0.1_steps100', 0.1, 100), ('lr0.1_steps20', 0.1, 20),
                            ('lr10_steps100', 10.0, 100), ('lr1e-10_steps100', 1e-10, 100)):
        init_x = np.array([-3.0, 4.0])
        x, _ = gradient_descent(function_2, init_x=init_x, lr=lr, step_num=steps)
        out[name] = floats(x)
    return out


def ch4_simplenet_section(W):
    W = np.array(W)
    W0 = W.copy()
    x = np.array([0.6, 0.9])
    t = np.array([0, 0, 1])
    net = simpleNet(W)
    p = net.predict(x)
    f = lambda w: net.loss(x, t)
    dW_rowwise = numerical_gradient_2d(f, net.W)
    dW_nditer = numerical_gradient(f, net.W)
    return {
        'W': matrix(W0),
        'x': floats(x),
        't': ints(t),
        'predict': floats(p),
        'softmax': floats(softmax(p)),
        'argmax': int(np.argmax(p)),
        'loss': float(net.loss(x, t)),
        'dW_rowwise': matrix(dW_rowwise),
        'dW_nditer': matrix(dW_nditer),
        'rowwise_nditer_bit_identical': bool(np.array_equal(dW_rowwise, dW_nditer)),
        'rowwise_nditer_max_abs_diff': float(np.max(np.abs(dW_rowwise - dW_nditer))),
        'W_restored_exactly_after_gradient': bool(np.array_equal(net.W, W0)),
    }


# the W the notebook printed (eight digits) and the W printed in the book's text (section 4.4.2)
SIMPLENET_W = [[-0.05811371, 0.41911804, 1.63684316],
               [0.13589681, 0.10144801, -2.26828293]]
SIMPLENET_BOOK_TEXT_W = [[0.47355232, 0.9977393, 0.84668094],
                         [0.85557411, 0.03563661, 0.69422093]]


def ch4_gradient_check_section(network32, x_train_u8, t_train, n=3):
    params = {k: v.astype(np.float64) for k, v in network32.items()}
    net = ThreeLayerNet(params)
    x = normalize(x_train_u8[:n]).astype(np.float64)
    t = one_hot(t_train[:n], np.float64)

    loss = net.loss(x, t)
    grad_numerical = net.numerical_gradient(x, t)
    grad_backprop = net.gradient(x, t)
    keys = ('W1', 'b1', 'W2', 'b2', 'W3', 'b3')
    diff = {key: np.abs(grad_backprop[key] - grad_numerical[key]) for key in keys}
    return {
        'network': '784-50-100-10 sigmoid/sigmoid/softmax, sample_weight.pkl widened to float64',
        'batch': 'first %d training images (float32/255 widened), one-hot labels' % n,
        'labels': ints(t_train[:n]),
        'loss': float(loss),
        'numerical': 'nditer central difference h=1e-4 of cross_entropy_error (delta 1e-7)',
        'backprop': 'dy=(y-t)/N; sigmoid_grad(a)=(1-sig(a))*sig(a)',
        'mean_abs_diff': {key: float(np.mean(diff[key])) for key in keys},
        'max_abs_diff': {key: float(np.max(diff[key])) for key in keys},
        'backprop_sum': {key: float(np.sum(grad_backprop[key])) for key in keys},
        'backprop_abs_sum': {key: float(np.sum(np.abs(grad_backprop[key]))) for key in keys},
        'numerical_sum': {key: float(np.sum(grad_numerical[key])) for key in keys},
        'backprop_b3': floats(grad_backprop['b3']),
        'backprop_b2': floats(grad_backprop['b2']),
        'backprop_b1': floats(grad_backprop['b1']),
        'backprop_W3_row0': floats(grad_backprop['W3'][0]),
        'numerical_b3': floats(grad_numerical['b3']),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--mnist', default=os.path.expanduser('~/.cache/scratchnet/mnist'),
                        help='directory of the four MNIST IDX files (raw or .gz)')
    parser.add_argument('--weights', default='../shared/data/sample_weight.pkl',
                        help="the book's sample_weight.pkl")
    parser.add_argument('--out', help='output file (default: stdout)')
    args = parser.parse_args(argv)

    raw, x_train_u8, t_train, x_test_u8, t_test = load_mnist(args.mnist)
    with open(args.weights, 'rb') as f:
        pkl_bytes = f.read()
    network = pickle.loads(pkl_bytes)

    golden = {
        '_about': {
            'source': "NumPy reference of 'Deep Learning from Scratch' ch3-4, computed on the MNIST "
                      'files and sample_weight.pkl in ../shared/data',
            'numpy': np.__version__,
            'json_floats': 'float32 results are widened exactly to double before writing; '
                           'JSON float text is Python repr (shortest round-trip double)',
        },
        'mnist': mnist_section(raw, x_train_u8, t_train, x_test_u8, t_test, pkl_bytes),
        'ch3_inference': ch3_section(network, x_test_u8, t_test),
        'ch4_loss_examples': ch4_loss_section(),
        'ch4_numerical_gradient_function_2': ch4_numerical_gradient_section(),
        'ch4_gradient_descent': ch4_gradient_descent_section(),
        'ch4_simplenet': ch4_simplenet_section(SIMPLENET_W),
        'ch4_simplenet_book_text_W': ch4_simplenet_section(SIMPLENET_BOOK_TEXT_W),
        'ch4_gradient_check_3layer': ch4_gradient_check_section(network, x_train_u8, t_train),
    }
    text = json.dumps(golden, indent=1)   # golden.json has no final newline: write none either
    if args.out:
        with open(args.out, 'w') as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == '__main__':
    main()
