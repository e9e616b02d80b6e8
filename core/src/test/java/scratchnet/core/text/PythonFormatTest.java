package scratchnet.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PythonFormatTest {

    @Test
    void matchesPythonRepr() {
        assertEquals("0.9352", PythonFormat.repr(0.9352));
        assertEquals("1.0", PythonFormat.repr(1.0));
        assertEquals("0.0", PythonFormat.repr(0.0));
        assertEquals("0.0001", PythonFormat.repr(1e-4));
        assertEquals("1e-05", PythonFormat.repr(1e-5));
        assertEquals("2.5e-07", PythonFormat.repr(2.5e-7));
        assertEquals("1234567890123456.0", PythonFormat.repr(1234567890123456.0));
        assertEquals("1e+16", PythonFormat.repr(1e16));
        assertEquals("-25898374737328.363", PythonFormat.repr(-25898374737328.363));
        assertEquals("0.510825457099338", PythonFormat.repr(0.510825457099338));
        assertEquals("nan", PythonFormat.repr(Double.NaN));
    }
}
