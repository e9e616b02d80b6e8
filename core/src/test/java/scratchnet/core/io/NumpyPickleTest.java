package scratchnet.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pickles that python3 writes on the fly, each read back bit for bit against the arrays NumPy
 * dumped: every protocol from 2 to 5, C and Fortran order, float32 and float64, 1-, 2- and 3-D;
 * the names NumPy 1.x wrote; protocol 5's {@code _frombuffer} layouts. Special values (NaN,
 * -0.0, infinities, subnormals) check that bits, not just values, survive.
 */
class NumpyPickleTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void writePickles() {
        Python.assumeNumpy();
        Python.run(Reference.DUMP + """
                import warnings
                warnings.simplefilter('ignore')
                out = sys.argv[1]
                rng = np.random.default_rng(7)

                def arrays(dtype, order):
                    t = rng.standard_normal((2, 3, 4)).astype(dtype)
                    t.flat[:5] = [np.nan, -0.0, np.inf, -np.inf, np.finfo(dtype).smallest_subnormal]
                    return {'W1': np.array(rng.standard_normal((5, 3)), dtype=dtype, order=order),
                            'b1': rng.standard_normal(3).astype(dtype),
                            'T': np.array(t, order=order)}

                def write(name, d, protocol):
                    with open(f'{out}/{name}.pkl', 'wb') as f:
                        pickle.dump(d, f, protocol=protocol)
                    dump(d, f'{out}/{name}')

                for p in (2, 3, 4, 5):
                    for order in 'CF':
                        for dtype in ('f4', 'f8'):
                            write(f'p{p}-{order}-{dtype}', arrays(dtype, order), p)

                base = np.arange(24, dtype='<f4').reshape(2, 3, 4)
                write('p5-K-transposed', {'T': base.transpose(1, 0, 2)}, 5)
                write('p5-strided', {'T': base[:, ::2]}, 5)
                readonly = np.asfortranarray(rng.standard_normal((4, 3)).astype('f4'))
                readonly.flags.writeable = False
                write('p5-readonly-F', {'W': readonly}, 5)
                write('p3-u8', {'x': np.arange(12, dtype='u1').reshape(3, 4)}, 3)
                write('p5-u8-F', {'x': np.asfortranarray(np.arange(12, dtype='u1').reshape(3, 4))}, 5)
                write('p4-scalar-and-empty', {'s': np.array(1.5, dtype='f8'), 'e': np.zeros((0, 3), 'f4')}, 4)
                write('p2-empty', {'e': np.zeros((0, 3), 'f4')}, 2)  # bytes() under protocol 2

                # What NumPy 1.x wrote: the same functions under their numpy.core names.
                import numpy._core.multiarray as ma, numpy._core.numeric as nu
                ma._reconstruct.__module__ = 'numpy.core.multiarray'
                nu._frombuffer.__module__ = 'numpy.core.numeric'
                write('numpy1-p2-F', arrays('f4', 'F'), 2)
                write('numpy1-p5-F', arrays('f4', 'F'), 5)
                """, dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"p2-C-f4", "p2-C-f8", "p2-F-f4", "p2-F-f8", "p3-C-f4", "p3-C-f8", "p3-F-f4", "p3-F-f8",
        "p4-C-f4", "p4-C-f8", "p4-F-f4", "p4-F-f8", "p5-C-f4", "p5-C-f8", "p5-F-f4", "p5-F-f8",
        "p5-K-transposed", "p5-strided", "p5-readonly-F", "p3-u8", "p5-u8-F", "p4-scalar-and-empty", "p2-empty",
        "numpy1-p2-F", "numpy1-p5-F"})
    void readsWhatNumpyPickledBitForBit(String name) throws IOException {
        Path pkl = dir.resolve(name + ".pkl");
        Reference.assertSame(Reference.load(dir.resolve(name)), NumpyPickle.read(Files.readAllBytes(pkl), pkl.toString()));
    }
}
