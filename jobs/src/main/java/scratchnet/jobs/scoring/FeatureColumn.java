package scratchnet.jobs.scoring;

import java.util.List;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import scratchnet.core.BadInputException;
import scratchnet.core.data.MnistSet;

/**
 * The types an image column may have, and how a row's value becomes the network's input: 784
 * pixels as {@code binary} (0–255, normalised as {@code load_mnist(normalize=True)} does), or 784
 * values in {@code [0, 1]} as {@code array<float>}, {@code array<double>} or a spark.ml vector.
 */
enum FeatureColumn {
    /** 784 bytes, one per pixel. */
    BINARY,
    /** 784 floats. */
    FLOAT_ARRAY,
    /** 784 doubles. */
    DOUBLE_ARRAY,
    /** A spark.ml vector of 784 values. */
    VECTOR;

    /**
     * @return the kind of a column in a schema
     * @throws BadInputException when the column is missing or of another type
     */
    static FeatureColumn of(StructType schema, String column) {
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
                + ": an image is binary (784 bytes), array<float>, array<double> or a vector (784 values in [0, 1])");
    }

    /**
     * Copies a row's image into the network's input.
     *
     * @throws BadInputException when the value is null or not 784 long
     */
    void read(Row row, int field, String column, float[] into, int offset) {
        if (row.isNullAt(field)) {
            throw new BadInputException("column '" + column + "': an image is null");
        }
        switch (this) {
            case BINARY -> {
                byte[] pixels = row.getAs(field);
                checkLength(pixels.length, column);
                for (int i = 0; i < pixels.length; i++) {
                    into[offset + i] = (pixels[i] & 0xff) / 255.0f;
                }
            }
            case FLOAT_ARRAY, DOUBLE_ARRAY -> {
                List<Number> values = row.getList(field);
                checkLength(values.size(), column);
                for (int i = 0; i < values.size(); i++) {
                    Number v = values.get(i);
                    if (v == null) {
                        throw new BadInputException("column '" + column + "': an image holds a null at pixel " + i);
                    }
                    into[offset + i] = v.floatValue();
                }
            }
            case VECTOR -> {
                Vector v = row.getAs(field);
                checkLength(v.size(), column);
                for (int i = 0; i < v.size(); i++) {
                    into[offset + i] = (float) v.apply(i);
                }
            }
            default -> throw new IllegalStateException(name());
        }
    }

    private static void checkLength(int length, String column) {
        if (length != MnistSet.PIXELS) {
            throw new BadInputException("column '" + column + "': an image of " + length + " values, expected " + MnistSet.PIXELS + " (28 x 28)");
        }
    }
}
