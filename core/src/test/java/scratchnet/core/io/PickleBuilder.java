package scratchnet.core.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Pickle bytes written opcode by opcode, for inputs that must not depend on python3. */
final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private PickleBuilder() {
    }

    /** @return a pickle starting with PROTO {@code protocol} */
    static PickleBuilder protocol(int protocol) {
        return new PickleBuilder().op(0x80, protocol);
    }

    /** Appends raw bytes: opcodes and their arguments. */
    PickleBuilder op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    /** GLOBAL: {@code c module\nname\n}. */
    PickleBuilder global(String module, String name) {
        return op('c').text(module + "\n" + name + "\n");
    }

    /** Two SHORT_BINUNICODE and STACK_GLOBAL, as protocol 4 names a global. */
    PickleBuilder stackGlobal(String module, String name) {
        return unicode(module).unicode(name).op(0x93);
    }

    /** BINUNICODE: a str. */
    PickleBuilder unicode(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return op('X').raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array()).raw(utf8);
    }

    /** BINBYTES: bytes. */
    PickleBuilder bytes(byte[] b) {
        return op('B').raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array()).raw(b);
    }

    /** BININT1: a small int. */
    PickleBuilder smallInt(int n) {
        return op('K', n);
    }

    /** BININT: a 4-byte int. */
    PickleBuilder int32(int n) {
        return op('J').raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(n).array());
    }

    /** {@code numpy.dtype(name)} with NumPy's state for byte order {@code byteOrder}. */
    PickleBuilder dtype(String name, String byteOrder) {
        return global("numpy", "dtype").unicode(name).op(0x89, 0x88, 0x87, 'R')
                .op('(').smallInt(3).unicode(byteOrder).op('N', 'N', 'N').int32(-1).int32(-1).smallInt(0).op('t', 'b');
    }

    /** STOP, then the bytes. */
    byte[] stop() {
        return op('.').out.toByteArray();
    }

    private PickleBuilder text(String s) {
        return raw(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private PickleBuilder raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }
}
