/** The n-dimensional arrays the formats read into (uint8, float32, float64), shaped as NumPy's. */
package scratchnet.core.array;
