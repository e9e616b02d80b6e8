package scratchnet.core.io;

import java.nio.ByteOrder;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import scratchnet.core.BadInputException;
import scratchnet.core.array.F32Array;

/**
 * An ONNX tensor (an initializer, a {@code Constant}'s value) as a float32 array: the shape is
 * checked against the data the file really holds before anything is allocated, so a lying shape
 * costs nothing.
 */
final class OnnxTensors {

    private OnnxTensors() {
    }

    /**
     * @param tensor the tensor
     * @param where  what to name in messages
     * @return its values in C order, the float32 bits as stored
     * @throws BadInputException when it is not float32, is stored outside the file, or its data do not fill its shape
     */
    static F32Array floats(OnnxMl.TensorProto tensor, String where) {
        if (tensor.getDataType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
            OnnxMl.TensorProto.DataType type = OnnxMl.TensorProto.DataType.forNumber(tensor.getDataType());
            throw new BadInputException(where + " is a tensor of " + (type == null ? "unknown type " + tensor.getDataType() : type)
                    + ", not FLOAT (float32)");
        }
        if (tensor.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || tensor.getExternalDataCount() > 0) {
            throw new BadInputException(where + " keeps its data in an external file, which is not read");
        }
        if (tensor.hasSegment()) {
            throw new BadInputException(where + " is a segment of a tensor, which is not read");
        }
        int[] shape = new int[tensor.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = tensor.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new BadInputException(where + " has dimension " + d + ", not a size");
            }
            shape[i] = (int) d;
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new BadInputException(where + " has shape " + tensor.getDimsList() + ", too large for an array");
            }
        }
        ByteString raw = tensor.getRawData();
        int listed = tensor.getFloatDataCount();
        if (!raw.isEmpty() && listed > 0) {
            throw new BadInputException(where + " holds both raw_data and float_data");
        }
        float[] data;
        if (listed > 0) {
            if (listed != count) {
                throw new BadInputException(where + " holds " + listed + " float_data values, its shape " + tensor.getDimsList() + " needs " + count);
            }
            data = new float[listed];
            for (int i = 0; i < listed; i++) {
                data[i] = tensor.getFloatData(i);
            }
        } else {
            if (raw.size() != count * Float.BYTES) {
                throw new BadInputException(where + " holds " + raw.size() + " bytes of raw_data, its shape " + tensor.getDimsList()
                        + " needs " + count * Float.BYTES);
            }
            data = new float[(int) count];
            raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        }
        return new F32Array(shape, data);
    }
}
