package scratchnet.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import scratchnet.core.BadInputException;

/** Layer sizes read from a file: counted wide, so that sizes whose product overflows an int are refused, not wrapped. */
class LayerSizesTest {

    @Test
    void theBooksNetworkHas45360Parameters() {
        assertEquals(45_360, LayerSizes.BOOK.parameterCount());
    }

    @Test
    void sizesWhoseParametersOverflowAnIntAreBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> new LayerSizes(new int[] {784, 2_000_000_000, 2_000_000_000, 10}));
        assertEquals("layers [784, 2000000000, 2000000000, 10] hold more than 2147483647 weights and biases, more than a network can have",
                e.getMessage());
        assertThrows(BadInputException.class, () -> new LayerSizes(new int[] {784, 2_739_000, 10}));
    }
}
