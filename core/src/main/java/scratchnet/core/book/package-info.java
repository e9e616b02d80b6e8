/**
 * The book's notebook for chapters 3.6 and 4 replayed cell by cell in Java: each cell's code
 * echoed, then what it prints, in NumPy's formatting. Needs no Spark.
 */
package scratchnet.core.book;
