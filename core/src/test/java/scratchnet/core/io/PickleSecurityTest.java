package scratchnet.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import net.razorvine.pickle.Unpickler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import scratchnet.core.BadInputException;

/**
 * Pickles that would run code in Python are refused by name, and run nothing here: each payload
 * would create a sentinel file, which must not exist afterwards. The hand-written payloads need
 * no python3; the python3-written ones are what {@code __reduce__} really produces.
 */
class PickleSecurityTest {
    private static final String SOURCE = "evil.pkl";

    @TempDir
    Path dir;

    private Path sentinel() {
        return dir.resolve("sentinel");
    }

    @Test
    void refusesOsSystem() {
        byte[] pkl = PickleBuilder.protocol(2).global("os", "system").unicode("touch " + sentinel()).op(0x85, 'R').stop();
        assertRefused(pkl, "os.system");
    }

    @Test
    void refusesPosixSystemNamedByStackGlobal() {
        byte[] pkl = PickleBuilder.protocol(4).stackGlobal("posix", "system").unicode("touch " + sentinel()).op(0x85, 'R').stop();
        assertRefused(pkl, "posix.system");
    }

    @Test
    void refusesBuiltinsEval() {
        byte[] pkl = PickleBuilder.protocol(3).global("builtins", "eval")
                .unicode("open('" + sentinel() + "', 'w')").op(0x85, 'R').stop();
        assertRefused(pkl, "builtins.eval");
    }

    @Test
    void refusesSubprocessPopen() {
        byte[] pkl = PickleBuilder.protocol(2).global("subprocess", "Popen")
                .op(']', '(').unicode("touch").unicode(sentinel().toString()).op('e', 0x85, 'R').stop();
        assertRefused(pkl, "subprocess.Popen");
    }

    /** A payload hidden after a valid array in a weights dict is refused all the same. */
    @Test
    void refusesAPayloadAfterValidArrays() throws IOException {
        byte[] sample = Files.readAllBytes(Reference.SAMPLE_WEIGHTS);
        // The sample ends with SETITEMS, STOP; insert one more key whose value calls os.system.
        byte[] head = Arrays.copyOf(sample, sample.length - 2);
        byte[] payload = PickleBuilder.protocol(3).unicode("evil").global("os", "system")
                .unicode("touch " + sentinel()).op(0x85, 'R').stop();
        byte[] tail = Arrays.copyOfRange(payload, 2, payload.length - 1);
        byte[] pkl = concat(head, tail, new byte[] {'u', '.'});
        assertRefused(pkl, "os.system");
    }

    /** Globals razorvine would build by itself (it knows these) are refused too. */
    @ParameterizedTest
    @CsvSource({"copy_reg,_reconstructor", "builtins,bytearray", "__builtin__,set", "collections,OrderedDict",
        "numpy,load", "numpy.core.multiarray,scalar", "numpy,ndarray.__new__"})
    void refusesEveryOtherGlobal(String module, String name) {
        assertRefused(PickleBuilder.protocol(2).global(module, name).op(')', 'R').stop(), module + "." + name);
    }

    /** Even a constructor registered in razorvine's static registry is never consulted. */
    @Test
    void ignoresRazorvinesStaticRegistry() {
        AtomicBoolean called = new AtomicBoolean();
        Unpickler.registerConstructor("scratchnet_test", "registered", args -> {
            called.set(true);
            return "constructed";
        });
        assertRefused(PickleBuilder.protocol(2).global("scratchnet_test", "registered").op(')', 'R').stop(), "scratchnet_test.registered");
        assertFalse(called.get());
    }

    @Test
    void refusesInstByTheGlobalItNames() {
        byte[] pkl = PickleBuilder.protocol(2).op('(').unicode("touch " + sentinel()).op('i').stop();
        // INST's module and name follow the opcode as two lines.
        byte[] inst = concat(Arrays.copyOf(pkl, pkl.length - 1), "os\nsystem\n.".getBytes(StandardCharsets.US_ASCII));
        assertRefused(inst, "os.system");
    }

    @ParameterizedTest
    @CsvSource({"111,OBJ", "129,NEWOBJ", "146,NEWOBJ_EX", "81,BINPERSID", "130,EXT", "151,NEXT_BUFFER", "152,READONLY_BUFFER"})
    void refusesOpcodesNumpyNeverWrites(int opcode, String name) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> NumpyPickle.read(PickleBuilder.protocol(5).op(')', ')', opcode).stop(), SOURCE));
        assertEquals(SOURCE + ": pickle uses opcode " + name + " at offset 4, which is not allowed in a weights file", e.getMessage());
    }

    @Test
    void refusesCallingAnythingButAnAllowedGlobal() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> NumpyPickle.read(PickleBuilder.protocol(2).unicode("os.system").op(')', 'R').stop(), SOURCE));
        assertEquals(SOURCE + ": corrupt pickle at offset 17: REDUCE calls a value of type str, which is not callable here", e.getMessage());
    }

    @Test
    void refusesSettingStateOnAnythingButArraysAndDtypes() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> NumpyPickle.read(PickleBuilder.protocol(2).op('}', '}', 'b').stop(), SOURCE));
        assertTrue(e.getMessage().contains("BUILD sets the state of a value of type dict"), e.getMessage());
    }

    /**
     * What {@code __reduce__} writes, at protocols 2 and 4. Python names os.system posix.system,
     * and under protocol 2 maps names to their Python 2 modules (subprocess.Popen: commands.Popen).
     */
    @ParameterizedTest
    @CsvSource({"os_system,2,posix.system", "os_system,4,posix.system", "eval,2,__builtin__.eval", "eval,4,builtins.eval",
        "popen,2,commands.Popen", "popen,4,subprocess.Popen", "in_weights,3,posix.system"})
    void refusesPayloadsPythonWrites(String payload, int protocol, String global) throws IOException {
        Python.assumeNumpy();
        Path pkl = dir.resolve("payload.pkl");
        Python.run(PAYLOADS + "pickle.dump(payloads[sys.argv[1]], open(sys.argv[3], 'wb'), protocol=int(sys.argv[2]))",
                payload, protocol, pkl, sentinel());
        assertRefused(Files.readAllBytes(pkl), global);
    }

    /** The payloads are live: Python's own pickle.load runs them. */
    @Test
    void pythonPayloadsWouldRunInPython() {
        Python.assumeNumpy();
        Path pkl = dir.resolve("payload.pkl");
        Python.run(PAYLOADS + "pickle.dump(payloads['os_system'], open(sys.argv[1], 'wb'), protocol=2)", pkl, sentinel());
        Python.run("import pickle, sys; pickle.load(open(sys.argv[1], 'rb'))", pkl);
        assertTrue(Files.exists(sentinel()), "python3 ran the payload");
    }

    private static final String PAYLOADS = """
            import os, sys, pickle, builtins, subprocess
            import numpy as np
            sentinel = sys.argv[-1]
            class Call:
                def __init__(self, f, *args): self.f, self.args = f, args
                def __reduce__(self): return (self.f, self.args)
            payloads = {
                'os_system': Call(os.system, 'touch ' + sentinel),
                'eval': Call(builtins.eval, f"open({sentinel!r}, 'w')"),
                'popen': Call(subprocess.Popen, ['touch', sentinel]),
                'in_weights': {'W1': np.ones((784, 50), 'f4'), 'b1': Call(os.system, 'touch ' + sentinel)},
            }
            """;

    private void assertRefused(byte[] pkl, String global) {
        BadInputException e = assertThrows(BadInputException.class, () -> NumpyPickle.read(pkl, SOURCE));
        assertEquals(SOURCE + ": pickle refers to global " + global + ", which is not allowed", e.getMessage());
        assertFalse(Files.exists(sentinel()), "the payload ran");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
