"""The notebook's cells in NumPy: prints what walkthrough-expected.txt holds.

    python3 walkthrough-reference.py MNIST_DIR sample_weight.pkl > walkthrough-expected.txt

MNIST_DIR holds the four raw IDX files. The seeded cells use a port of java.util.Random, so that
they print what the Java walkthrough's seeded cells print.
"""
import math
import pickle
import sys

import numpy as np


class JRandom:
    """java.util.Random: the 48-bit LCG, nextInt(bound) and the polar nextGaussian."""
    def __init__(s, seed): s.seed = (seed ^ 0x5DEECE66D) & ((1<<48)-1); s.have=False
    def next(s, bits):
        s.seed = (s.seed * 0x5DEECE66D + 0xB) & ((1<<48)-1)
        r = s.seed >> (48 - bits)
        if bits == 32 and r >= 1 << 31: r -= 1 << 32
        return r
    def nextInt(s, bound):
        r = s.next(31); m = bound - 1
        if bound & m == 0: return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            if u - r + m < (1<<31): return r
            u = s.next(31)
    def nextDouble(s): return ((s.next(26) << 27) + s.next(27)) * (1.0 / (1 << 53))
    def nextGaussian(s):
        if s.have: s.have=False; return s.nxt
        while True:
            v1 = 2*s.nextDouble()-1; v2 = 2*s.nextDouble()-1; q = v1*v1+v2*v2
            if q < 1 and q != 0: break
        m = math.sqrt(-2*math.log(q)/q); s.nxt = v2*m; s.have=True; return v1*m

def load(path, images):
    raw = open(path,'rb').read()
    return np.frombuffer(raw, np.uint8, offset=16 if images else 8)
d = sys.argv[1] + '/'
x_train = load(d+'train-images-idx3-ubyte',1).reshape(-1,784); t_train = load(d+'train-labels-idx1-ubyte',0)
x_test = load(d+'t10k-images-idx3-ubyte',1).reshape(-1,784); t_test = load(d+'t10k-labels-idx1-ubyte',0)
P=print
def sec(t, first=False):
    if not first: P()
    P('# '+t)
def c(code): P('>>> '+code)
sec("3.6.1 MNIST: load_mnist(flatten=True, normalize=False)", True)
c("print(x_train.shape)"); P(x_train.shape)
c("print(t_train.shape)"); P(t_train.shape)
c("print(x_test.shape)"); P(x_test.shape)
c("print(t_test.shape)"); P(t_test.shape)
c("print(t_train)"); P(t_train)
c("print(x_train.size)"); P(x_train.size)
c("print(x_train[0].size)"); P(x_train[0].size)
sec("3.6.1 mnist_show.py")
img = x_train[0]; label = t_train[0]
c("img = x_train[0]; label = t_train[0]")
c("print(label)"); P(label)
c("print(img.shape)"); P(img.shape)
c("img_show(img)  # the flattened image: a 784x1 strip"); P("[image]")
c("img = img.reshape(28, 28)"); img = img.reshape(28,28)
c("print(img.shape)"); P(img.shape)
c("img_show(img)"); P("[image]")
sec("3.6.2 neuralnet_mnist.py: x, t = get_data(); network = init_network()  # --weights")
network = pickle.load(open(sys.argv[2], 'rb'))
x = x_test.astype(np.float32); x /= 255.0; t = t_test
def sigmoid(a): return 1/(1+np.exp(-a))
def softmax(a):
    c_ = np.max(a, axis=-1, keepdims=True); e = np.exp(a-c_); return e/np.sum(e, axis=-1, keepdims=True)
def predict(n, x):
    a1 = np.dot(x, n['W1']) + n['b1']; z1 = sigmoid(a1)
    a2 = np.dot(z1, n['W2']) + n['b2']; z2 = sigmoid(a2)
    return softmax(np.dot(z2, n['W3']) + n['b3'])
c("print(x.shape)"); P(x.shape)
for k in ['W1','W2','W3']: c("print(network['%s'].shape)" % k); P(network[k].shape)
c("for i in range(len(x)): p = np.argmax(predict(network, x[i])); accuracy_cnt += p == t[i]")
cnt = sum(int(np.argmax(predict(network, x[i])) == t[i]) for i in range(len(x)))
c('print("Accuracy:" + str(float(accuracy_cnt) / len(x)))'); P("Accuracy:" + str(float(cnt)/len(x)))
sec("3.6.3 batch processing: batch_size = 100")
c("for i in range(0, len(x), batch_size): p = np.argmax(predict(network, x[i:i+batch_size]), axis=1); accuracy_cnt += np.sum(p == t[i:i+batch_size])")
cnt = 0
for i in range(0, len(x), 100): cnt += np.sum(np.argmax(predict(network, x[i:i+100]), axis=1) == t[i:i+100])
c('print("Accuracy:" + str(float(accuracy_cnt) / len(x)))'); P("Accuracy:" + str(float(cnt)/len(x)))
sec("3.6.3 np.argmax(axis=1) and counting matches")
xx = np.array([[0.1, 0.8, 0.1], [0.3, 0.1, 0.6], [0.2, 0.5, 0.3], [0.8, 0.1, 0.1]])
c("x = np.array([[0.1, 0.8, 0.1], [0.3, 0.1, 0.6], [0.2, 0.5, 0.3], [0.8, 0.1, 0.1]])")
c("y = np.argmax(x, axis=1)"); y = np.argmax(xx, axis=1)
c("print(y)"); P(y)
c("t = np.array([1, 2, 0, 0])"); tt = np.array([1,2,0,0])
c("print(y == t)"); P(y == tt)
c("print(np.sum(y == t))"); P(np.sum(y==tt))
def mean_squared_error(y, t): return 0.5*np.sum((y-t)**2)
def cross_entropy_error(y, t):
    if y.ndim == 1: t = t.reshape(1, t.size); y = y.reshape(1, y.size)
    if t.size == y.size: return -np.sum(t*np.log(y + 1e-7)) / y.shape[0]
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)) / y.shape[0]
T = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
Y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
Y2 = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
sec("4.2.1 mean squared error")
c("t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]")
c("y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]")
c("print(mean_squared_error(np.array(y), np.array(t)))"); P(mean_squared_error(np.array(Y), np.array(T)))
c("y = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]")
c("print(mean_squared_error(np.array(y), np.array(t)))"); P(mean_squared_error(np.array(Y2), np.array(T)))
sec("4.2.2 cross entropy error")
c("y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]")
c("print(cross_entropy_error(np.array(y), np.array(t)))"); P(cross_entropy_error(np.array(Y), np.array(T)))
c("y = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]")
c("print(cross_entropy_error(np.array(y), np.array(t)))"); P(cross_entropy_error(np.array(Y2), np.array(T)))
sec("4.2.3 mini-batch: load_mnist(normalize=True, one_hot_label=True)")
c("print(x_train.shape)"); P(x_train.shape)
t_oh = np.eye(10)[t_train]
c("print(t_train.shape)"); P(t_oh.shape)
c("train_size = x_train.shape[0]; batch_size = 10")
c("batch_mask = np.random.choice(train_size, batch_size)  # seeded: java.util.Random(42), not NumPy's generator")
r = JRandom(42); batch_mask = np.array([r.nextInt(60000) for _ in range(10)])
c("print(batch_mask)"); P(batch_mask)
c("x_batch = x_train[batch_mask]; t_batch = t_train[batch_mask]")
c("print(x_batch.shape)"); P(x_train[batch_mask].shape)
c("print(t_batch)"); P(t_oh[batch_mask])
sec("4.2.4 cross entropy for a mini-batch (as the notebook meant: y.reshape(1, y.size), y[np.arange(batch_size), t])")
c("ys = np.array([y1, y2]); ts = np.array([t, t])  # the two y of 4.2.1 as a batch")
ys = np.array([Y, Y2]); ts = np.array([T, T])
c("print(cross_entropy_error(ys, ts))  # one-hot labels"); P(cross_entropy_error(ys, ts))
c("print(cross_entropy_error(ys, np.array([2, 2])))  # label indices"); P(cross_entropy_error(ys, np.array([2,2])))
m = np.array([[1, 2], [3, 4], [5, 6], [7, 8]]); n = np.array([1, 3]); t2 = np.array([1, 1])
c("m = np.array([[1, 2], [3, 4], [5, 6], [7, 8]]); n = np.array([1, 3]); t = np.array([1, 1])")
c("print(m[n])"); P(m[n])
c("print(m[n, t])"); P(m[n, t2])
def numerical_diff(f, x): h = 1e-4; return (f(x+h) - f(x-h)) / (2*h)
def function_1(x): return 0.01*x**2 + 0.1*x
def function_2(x): return np.sum(x**2)
sec("4.3.1 numerical differentiation")
c("print(np.float32(1e-50))  # why h = 1e-50 is too small"); P(np.float32(1e-50))
c("print(numerical_diff(function_1, 5))"); P(numerical_diff(function_1, 5))
c("print(numerical_diff(function_1, 10))"); P(numerical_diff(function_1, 10))
sec("4.3.3 partial derivatives of function_2 at (3, 4)")
c("print(numerical_diff(lambda x0: x0*x0 + 4.0**2.0, 3.0))"); P(numerical_diff(lambda x0: x0*x0 + 4.0**2.0, 3.0))
c("print(numerical_diff(lambda x1: 3.0**2.0 + x1*x1, 4.0))"); P(numerical_diff(lambda x1: 3.0**2.0 + x1*x1, 4.0))
def _ng(f, x):
    h = 1e-4; grad = np.zeros_like(x)
    for idx in range(x.size):
        tmp = x[idx]; x[idx] = float(tmp) + h; f1 = f(x); x[idx] = tmp - h; f2 = f(x); grad[idx] = (f1-f2)/(2*h); x[idx] = tmp
    return grad
def numerical_gradient(f, X):
    if X.ndim == 1: return _ng(f, X)
    grad = np.zeros_like(X)
    for idx, x in enumerate(X): grad[idx] = _ng(f, x)
    return grad
def numerical_gradient_nditer(f, x):
    h = 1e-4; grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index; tmp = x[idx]
        x[idx] = float(tmp) + h; f1 = f(x); x[idx] = tmp - h; f2 = f(x); grad[idx] = (f1-f2)/(2*h); x[idx] = tmp
        it.iternext()
    return grad
sec("4.4 gradient")
for p in ([3.0, 4.0], [0.0, 2.0], [3.0, 0.0], [5.0, 6.0]):
    c("print(numerical_gradient(function_2, np.array([%r, %r])))" % tuple(p)); P(numerical_gradient(function_2, np.array(p)))
sec("4.4 three ways the gradient walks an array")
x = np.array([3.0, 4.0])
c("x = np.array([3.0, 4.0])")
c("for idx in range(x.size): print(idx, x[idx])  # _numerical_gradient_no_batch")
for idx in range(x.size): P(idx, x[idx])
a = np.arange(6).reshape(2, 3)
c("a = np.arange(6).reshape(2, 3)")
c("for idx, row in enumerate(a): print(idx, row)  # numerical_gradient row by row")
for idx, row in enumerate(a): P(idx, row)
c("it = np.nditer(a, flags=['multi_index'])")
c("while not it.finished: print(it[0], '<%s>' % (it.multi_index,)); it.iternext()  # numerical_gradient by element")
it = np.nditer(a, flags=['multi_index'])
while not it.finished: P(it[0], '<%s>' % (it.multi_index,)); it.iternext()
sec("4.4 gradient_2d.py: the field of -grad function_2")
x0 = np.arange(-2, 2.5, 0.25); x1 = np.arange(-2, 2.5, 0.25)
c("x0 = np.arange(-2, 2.5, 0.25); x1 = np.arange(-2, 2.5, 0.25)")
c("X, Y = np.meshgrid(x0, x1)"); X, Yg = np.meshgrid(x0, x1)
c("print(X)"); P(X)
c("print(Y)"); P(Yg)
c("X = X.flatten(); Y = Y.flatten()"); X = X.flatten(); Yg = Yg.flatten()
c("print(X)"); P(X)
c("print(Y)"); P(Yg)
c("grad = numerical_gradient(function_2, np.array([X, Y]))")
c('plt.quiver(X, Y, -grad[0], -grad[1], angles="xy", color="#666666"); plt.xlim([-2, 2]); plt.ylim([-2, 2]); plt.grid(); plt.show()'); P("[image]")
def gradient_descent(f, init_x, lr=0.01, step_num=100):
    x = init_x
    for i in range(step_num): x -= lr * numerical_gradient(f, x)
    return x
sec("4.4.1 gradient descent on function_2 from init_x = np.array([-3.0, 4.0])")
for lr in ("0.1", "10.0", "1e-10"):
    c("print(gradient_descent(function_2, init_x=np.array([-3.0, 4.0]), lr=%s, step_num=100))" % lr)
    P(gradient_descent(function_2, init_x=np.array([-3.0, 4.0]), lr=float(lr), step_num=100))
class simpleNet:
    def __init__(s, W): s.W = W
    def predict(s, x): return np.dot(x, s.W)
    def loss(s, x, t): return cross_entropy_error(softmax(s.predict(x)), t)
def cells(net):
    c("print(net.W)"); P(net.W)
    x = np.array([0.6, 0.9]); p = net.predict(x)
    c("x = np.array([0.6, 0.9]); p = net.predict(x)")
    c("print(p)"); P(p)
    c("print(np.argmax(p))"); P(np.argmax(p))
    t = np.array([0, 0, 1])
    c("t = np.array([0, 0, 1])")
    c("print(net.loss(x, t))"); P(net.loss(x, t))
    f = lambda W: net.loss(x, t)
    c("f = lambda W: net.loss(x, t); dW = numerical_gradient(f, net.W)  # row by row")
    dW = numerical_gradient(f, net.W)
    c("print(dW)"); P(dW)
    return f, dW
sec("4.4.2 simpleNet")
c("net = simpleNet()  # W = np.random.randn(2, 3), seeded: java.util.Random(42).nextGaussian(), not NumPy's generator")
r = JRandom(42); W = np.array([r.nextGaussian() for _ in range(6)]).reshape(2,3)
cells(simpleNet(W))
sec("4.4.2 simpleNet with the W the notebook printed")
c("net.W = np.array([[-0.05811371, 0.41911804, 1.63684316], [0.13589681, 0.10144801, -2.26828293]])")
cells(simpleNet(np.array([[-0.05811371, 0.41911804, 1.63684316], [0.13589681, 0.10144801, -2.26828293]])))
sec("4.4.2 simpleNet with the W printed in the book")
c("net.W = np.array([[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]])")
net = simpleNet(np.array([[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]]))
c("W_before = net.W.copy()"); W_before = net.W.copy()
f, dW = cells(net)
c("dW2 = numerical_gradient_nditer(f, net.W)  # the element-iterator version")
dW2 = numerical_gradient_nditer(f, net.W)
c("print(dW2)"); P(dW2)
c("print(np.array_equal(dW, dW2))  # bit for bit"); P(np.array_equal(dW, dW2))
c("print(np.array_equal(net.W, W_before))  # every perturbation was undone"); P(np.array_equal(net.W, W_before))
