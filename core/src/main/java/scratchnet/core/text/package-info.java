/** Numbers and arrays printed exactly as Python and NumPy print them, so the notebook's outputs compare as text. */
package scratchnet.core.text;
