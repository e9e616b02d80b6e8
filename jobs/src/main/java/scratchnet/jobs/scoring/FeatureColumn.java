package scratchnet.jobs.scoring;

import java.util.List;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scratchnet.core.BadInputException;

/**
 * The types a features column may have, and how a row's value becomes the network's input: bytes
 * as {@code binary} (0–255, normalised as {@code load_mnist(normalize=True)} does, {@code byte / 255}),
 * or values as {@code array<float>}, {@code array<double>} or a spark.ml vector (dense or sparse),
 * taken as they are. A row holds as many values as the network's input is wide (784 for MNIST).
 */
public enum FeatureColumn {
    /** Bytes, one per value. */
    BINARY,
    /** Floats. */
    FLOAT_ARRAY,
    /** Doubles. */
    DOUBLE_ARRAY,
    /** A spark.ml vector. */
    VECTOR;

    /**
     * @return the kind of a column in a schema
     * @throws BadInputException when the column is missing or of another type
     */
    public static FeatureColumn of(StructType schema, String column) {
        if (!List.of(schema.fieldNames()).contains(column)) {
            throw new BadInputException("column '" + column + "': no such column (the table has " + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType type = schema.apply(column).dataType();
        if (type.equals(DataTypes.BinaryType)) {
            return BINARY;
        }
        if (type instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
            return FLOAT_ARRAY;
        }
        if (type instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            return DOUBLE_ARRAY;
        }
        if (type.equals(SQLDataTypes.VectorType())) {
            return VECTOR;
        }
        throw new BadInputException("column '" + column + "' is " + type.simpleString()
                + ": an image is binary (one byte per value), array<float>, array<double> or a vector (features of the network's input width)");
    }

    /**
     * Copies a row's values into the network's input.
     *
     * @param width the values a row must hold
     * @throws BadInputException when the value is null, holds a null or a value that is not finite, or is not {@code width} long
     */
    public void read(Row row, int field, String column, float[] into, int offset, int width) {
        if (row.isNullAt(field)) {
            throw new BadInputException("column '" + column + "': the features are null");
        }
        switch (this) {
            case BINARY -> {
                byte[] pixels = row.getAs(field);
                checkLength(pixels.length, column, width);
                for (int i = 0; i < pixels.length; i++) {
                    into[offset + i] = (pixels[i] & 0xff) / 255.0f;
                }
            }
            case FLOAT_ARRAY, DOUBLE_ARRAY -> {
                List<Number> values = row.getList(field);
                checkLength(values.size(), column, width);
                for (int i = 0; i < values.size(); i++) {
                    Number v = values.get(i);
                    if (v == null) {
                        throw new BadInputException("column '" + column + "': value " + i + " is null");
                    }
                    into[offset + i] = finite(v.floatValue(), column, i);
                }
            }
            case VECTOR -> {
                Vector v = row.getAs(field);
                checkLength(v.size(), column, width);
                if (v instanceof SparseVector sparse) {
                    java.util.Arrays.fill(into, offset, offset + width, 0f);
                    int[] indices = sparse.indices();
                    double[] values = sparse.values();
                    for (int k = 0; k < indices.length; k++) {
                        into[offset + indices[k]] = finite((float) values[k], column, indices[k]);
                    }
                } else {
                    double[] values = v.toArray();
                    for (int i = 0; i < values.length; i++) {
                        into[offset + i] = finite((float) values[i], column, i);
                    }
                }
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /**
     * @return a {@code binary} row's bytes, as they are
     * @throws BadInputException when the value is null or not {@code width} long
     */
    public byte[] bytes(Row row, int field, String column, int width) {
        if (this != BINARY) {
            throw new IllegalStateException(name() + " holds no bytes");
        }
        if (row.isNullAt(field)) {
            throw new BadInputException("column '" + column + "': the features are null");
        }
        byte[] b = row.getAs(field);
        checkLength(b.length, column, width);
        return b;
    }

    /** @return the number of values in a row, or -1 when it is null */
    public int width(Row row, int field) {
        if (row.isNullAt(field)) {
            return -1;
        }
        return switch (this) {
            case BINARY -> ((byte[]) row.getAs(field)).length;
            case FLOAT_ARRAY, DOUBLE_ARRAY -> row.getList(field).size();
            case VECTOR -> ((Vector) row.getAs(field)).size();
        };
    }

    private static float finite(float v, String column, int i) {
        if (!Float.isFinite(v)) {
            throw new BadInputException("column '" + column + "': value " + i + " is " + v + ", not a finite number");
        }
        return v;
    }

    private static void checkLength(int length, String column, int width) {
        if (length != width) {
            throw new BadInputException("column '" + column + "': an image of " + length + " values, expected " + width
                    + (width == 784 ? " (28 x 28)" : " (the network's input width)"));
        }
    }
}
