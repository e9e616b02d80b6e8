package scratchnet.jobs;

import java.io.Serializable;
import java.util.Iterator;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * A function of one partition, run as a Spark job of its own with {@link #run}: the lowest-level
 * job Spark offers, one task per partition, each result handed to the driver.
 *
 * <p>Why not {@code mapPartitions(…).collect()} or {@code treeAggregate}: those wrap the function
 * in Scala lambdas of Spark's own, and Spark's closure cleaner reads the class file that declares
 * each lambda with ASM before every job (looking for {@code return} statements), a few megabytes of
 * parsing per job — and the JIT then spends a core compiling the parser while training runs. A
 * named class like this one is not a closure, so the cleaner passes it without a look.
 *
 * @param <T> the partition's elements
 * @param <U> its result
 */
abstract class PartitionFunction<T, U> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, U> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** @return the result of partition {@code partition}, from its elements */
    abstract U call(int partition, Iterator<T> elements);

    @Override
    public final U apply(TaskContext task, scala.collection.Iterator<T> elements) {
        return call(task.partitionId(), CollectionConverters.asJava(elements));
    }

    /**
     * Runs the function on every partition of {@code rdd} as one job and waits for it.
     *
     * @return the partitions' results, in partition order
     */
    @SuppressWarnings("unchecked")
    static <T, U> U[] run(JavaSparkContext sc, JavaRDD<T> rdd, PartitionFunction<T, U> f, Class<U> type) {
        ClassTag<U> tag = ClassTag$.MODULE$.apply(type);
        return (U[]) sc.sc().runJob(rdd.rdd(), f, tag);
    }
}
