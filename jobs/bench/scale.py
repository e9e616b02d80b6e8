#!/usr/bin/env python3
"""Evaluation at scale: scratchnet's evaluate against the NumPy reference, run alternately, on the
MNIST test set tiled to 10k, 100k, 1M and 10M images.

  jobs/bench/scale.py DIR [--sizes 10k,100k,1m,10m] [--runs N] [--master local[2] | --workers 1,2]
                          [--lock FILE] [--keep] [--weights PKL] [--mnist DIR]

The NumPy scripts and the book's weights come from ../shared beside the repository
($SCRATCHNET_SHARED overrides it). DIR holds the tiled sets (made with ../shared/bench/tile_mnist.py when missing; never give a
directory inside the repository: 10m is 7.8 GB). A set made by this run is deleted at its end
unless --keep. For every size and run, one after the other:
  - ./submit.sh --master MASTER evaluate --data DIR/SIZE --weights PKL, under /usr/bin/time, with a
    GC log for the driver JVM (and, on a cluster, for every executor JVM);
  - python3 ../shared/bench/numpy_evaluate.py DIR/SIZE PKL, under /usr/bin/time.
With --workers 1,2 each run starts a standalone cluster of that many Workers (1 core, 1g each) on
127.0.0.1 from the project's Spark jars (conf/standalone-cluster.sh) and stops it by its PIDs
afterwards; the driver then runs no tasks, so its memory is the driver's alone. With --lock FILE
each evaluate/NumPy pair runs under an exclusive flock of FILE (the machine's benchmark lock).

Printed per run: the job's images/s as evaluate prints it, the whole process's wall time and
images/s, the peak resident memory (max RSS) of the driver JVM and of the executors, and the
largest heap left after a collection (live data) in each. NumPy: wall time, images/s, max RSS.
"""
import argparse, glob, os, re, shutil, subprocess, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get('SCRATCHNET_SHARED', os.path.join(os.path.dirname(ROOT), 'shared'))
SIZES = {'10k': 1, '100k': 10, '1m': 100, '10m': 1000}
GC_AFTER = re.compile(r'->(\d+)M\(')


def tiled(base, size, mnist, made):
    path = os.path.join(base, size)
    if not os.path.exists(os.path.join(path, 't10k-images-idx3-ubyte')):
        need = SIZES[size] * 10_000 * 785 + (1 << 20)
        free = shutil.disk_usage(base).free
        if free < need * 1.1:
            sys.exit(f'scale.py: {base} has {free / 1e9:.1f} GB free, the {size} set needs {need / 1e9:.1f} GB')
        subprocess.run([sys.executable, os.path.join(SHARED, 'bench', 'tile_mnist.py'), mnist, path, str(SIZES[size])], check=True,
                       stdout=subprocess.DEVNULL)
        made.append(path)
    return path


def timed(cmd, env=None, lock=None):
    """Runs cmd under /usr/bin/time (inside the lock, if any); returns (stdout, wall seconds, max RSS in MB)."""
    with tempfile.NamedTemporaryFile('r', suffix='.time') as t:
        full = (['flock', '-x', lock] if lock else []) + ['/usr/bin/time', '-f', '%e %M', '-o', t.name] + cmd
        p = subprocess.run(full, env=env, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f'scale.py: {" ".join(cmd)} exited with {p.returncode}: {p.stderr.strip()[-2000:]}')
        wall, rss = t.read().split()[-2:]
        return p.stdout, float(wall), int(rss) / 1024


def heap_after_gc(logs):
    """The largest heap occupancy after a collection in these GC logs, MB (None without a collection)."""
    peaks = [int(m.group(1)) for f in logs if os.path.exists(f) for m in GC_AFTER.finditer(open(f).read())]
    return max(peaks) if peaks else None


def default_java_options(key):
    with open(os.path.join(ROOT, 'conf', 'spark-defaults.conf')) as f:
        for line in f:
            if line.startswith(key):
                return line[len(key):].strip()
    return ''


class Cluster:
    """A standalone cluster of N one-core Workers; executors watched for their peak memory."""

    def __init__(self, workers):
        self.dir = tempfile.mkdtemp(prefix='scratchnet-scale-cluster-')
        out = subprocess.run([os.path.join(ROOT, 'conf', 'standalone-cluster.sh'), 'start', '--workers', str(workers), '--cores', '1',
                              '--memory', '1g', self.dir], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f'scale.py: the cluster did not start: {out.stderr.strip()}')
        self.url = out.stdout.strip()
        self.workers = [int(open(p).read()) for p in sorted(glob.glob(os.path.join(self.dir, 'worker-*.pid')))]

    def executors(self):
        pids = []
        for w in self.workers:
            # a child is listed under the thread that started it (the Worker's executor runner)
            for children in glob.glob(f'/proc/{w}/task/*/children'):
                try:
                    for c in open(children).read().split():
                        if b'CoarseGrainedExecutorBackend' in open(f'/proc/{c}/cmdline', 'rb').read():
                            pids.append(int(c))
                except OSError:
                    pass
        return pids

    def stop(self):
        subprocess.run([os.path.join(ROOT, 'conf', 'standalone-cluster.sh'), 'stop', self.dir], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def evaluate(data, weights, master, cluster, gc_dir, lock):
    # the same file every run: submit.sh keys its class-data archive by the JVM's options
    driver_gc = os.path.join(gc_dir, 'driver.log')
    env = dict(os.environ, SCRATCHNET_JAVA_OPTS=(os.environ.get('SCRATCHNET_JAVA_OPTS', '') + f' -Xlog:gc:file={driver_gc}').strip())
    spark = ['--master', cluster.url if cluster else master]
    if cluster:
        opts = default_java_options('spark.executor.extraJavaOptions') + f' -Xlog:gc:file={gc_dir}/executor-%p.log'
        spark += ['--conf', f'spark.executor.extraJavaOptions={opts}']
    cmd = [os.path.join(ROOT, 'submit.sh')] + spark + ['evaluate', '--data', data, '--weights', weights]
    for log in [driver_gc] + glob.glob(os.path.join(gc_dir, 'executor-*.log')):
        os.remove(log) if os.path.exists(log) else None
    peaks = {}
    if cluster:
        # executors' peak resident memory (VmHWM), read while they live
        done = threading.Event()

        def watch():
            while not done.is_set():
                for pid in cluster.executors():
                    try:
                        hwm = [l for l in open(f'/proc/{pid}/status') if l.startswith('VmHWM')][0]
                        peaks[pid] = max(peaks.get(pid, 0), int(hwm.split()[1]) / 1024)
                    except (OSError, IndexError):
                        pass
                time.sleep(0.1)
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
    out, wall, rss = timed(cmd, env, lock)
    if cluster:
        done.set()
        watcher.join()
    accuracy = re.search(r'^Accuracy:(\S+)', out, re.M).group(1)
    m = re.search(r'^(\d+) batches of \d+ on (\d+) partitions, ([\d.]+) s \((\d+) images/s\)', out, re.M)
    examples = int(re.search(r'^examples (\d+)', out, re.M).group(1))
    return dict(accuracy=accuracy, examples=examples, partitions=int(m.group(2)), job=float(m.group(3)), job_rate=int(m.group(4)),
                wall=wall, rss=rss, heap=heap_after_gc([driver_gc]),
                exec_rss=max(peaks.values()) if peaks else None,
                exec_heap=heap_after_gc(glob.glob(os.path.join(gc_dir, 'executor-*.log'))) if cluster else None)


def numpy(data, weights, lock):
    out, wall, rss = timed([sys.executable, os.path.join(SHARED, 'bench', 'numpy_evaluate.py'), data, weights], lock=lock)
    return dict(accuracy=re.search(r'Accuracy:(\S+)', out).group(1), wall=wall, rss=rss)


def mb(v):
    return '-' if v is None else f'{v:,.0f}'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('dir')
    ap.add_argument('--sizes', default='10k,100k,1m,10m')
    ap.add_argument('--runs', type=int, default=2)
    ap.add_argument('--master', default='local[2]')
    ap.add_argument('--workers', help='standalone clusters of these many one-core Workers, e.g. 1,2 (instead of --master)')
    ap.add_argument('--lock')
    ap.add_argument('--keep', action='store_true')
    ap.add_argument('--weights', default=os.path.join(SHARED, 'data', 'sample_weight.pkl'))
    ap.add_argument('--mnist', default=os.environ.get('SCRATCHNET_DATA', os.path.expanduser('~/.cache/scratchnet/mnist')))
    a = ap.parse_args()
    base = os.path.abspath(a.dir)
    if base == ROOT or base.startswith(ROOT + os.sep):
        sys.exit(f'scale.py: {base} is inside the repository; give a cache or temporary directory')
    os.makedirs(base, exist_ok=True)
    made = []
    gc_dir = os.path.join(base, f'.gc-{os.getpid()}')
    os.makedirs(gc_dir, exist_ok=True)
    print(f'{"size":>5} {"run":>3} {"where":<14} {"job s":>7} {"job img/s":>10} {"wall s":>7} {"wall img/s":>10} '
          f'{"driver RSS MB":>13} {"driver heap MB":>14} {"exec RSS MB":>11} {"exec heap MB":>12}  accuracy', flush=True)
    try:
        # one untimed run first: a new set of JVM options records its class-data archive as it exits
        evaluate(tiled(base, '10k', a.mnist, made), a.weights, a.master, None, gc_dir, None)
        for size in a.sizes.split(','):
            data = tiled(base, size, a.mnist, made)
            for run in range(1, a.runs + 1):
                for workers in (a.workers.split(',') if a.workers else [None]):
                    cluster = Cluster(int(workers)) if workers else None
                    try:
                        e = evaluate(data, a.weights, a.master, cluster, gc_dir, a.lock)
                    finally:
                        if cluster:
                            cluster.stop()
                    where = f'{workers} worker' + ('s' if workers != '1' else '') if workers else a.master
                    print(f'{size:>5} {run:>3} {where:<14} {e["job"]:>7.2f} {e["job_rate"]:>10,} {e["wall"]:>7.2f} {e["examples"] / e["wall"]:>10,.0f} '
                          f'{mb(e["rss"]):>13} {mb(e["heap"]):>14} {mb(e["exec_rss"]):>11} {mb(e["exec_heap"]):>12}  {e["accuracy"]}', flush=True)
                n = numpy(data, a.weights, a.lock)
                print(f'{size:>5} {run:>3} {"numpy":<14} {"":>7} {"":>10} {n["wall"]:>7.2f} {e["examples"] / n["wall"]:>10,.0f} '
                      f'{mb(n["rss"]):>13} {"":>14} {"":>11} {"":>12}  {n["accuracy"]}', flush=True)
    finally:
        if not a.keep:
            for path in made:
                shutil.rmtree(path, ignore_errors=True)
        shutil.rmtree(gc_dir, ignore_errors=True)


if __name__ == '__main__':
    main()
