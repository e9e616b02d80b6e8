package scratchnet.jobs.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.reflect.ClassTag;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * A function of one partition, run as a Spark job of its own with {@link #run}: the lowest-level
 * job Spark offers, one task per partition, each result handed to the driver.
 *
 * <p>Why not {@code mapPartitions(…).collect()} or {@code treeAggregate}: those wrap the function
 * in Scala lambdas of Spark's own, and Spark's closure cleaner reads the class file that declares
 * each lambda with ASM before every job (looking for {@code return} statements) — and the JIT then
 * spends a core compiling that parser while training runs (JFR: 0.8 s of C2 time in a 2.3 s run). A
 * named class like this one is not a closure, so the cleaner passes it without a look.
 *
 * @param <T> the partition's elements
 * @param <U> its result
 */
public abstract class PartitionFunction<T, U> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, U> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** @return the result of partition {@code partition}, from its elements */
    public abstract U call(int partition, Iterator<T> elements);

    @Override
    public final U apply(TaskContext task, scala.collection.Iterator<T> elements) {
        return call(task.partitionId(), CollectionConverters.asJava(elements));
    }

    /**
     * Runs the function on every partition of {@code rdd} as one job and waits for it, handing each
     * partition's result to {@code eachResult} as its task ends (one at a time, in the order tasks
     * end; Spark calls it from its scheduler's thread).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T, U> void run(JavaSparkContext sc, JavaRDD<T> rdd, PartitionFunction<T, U> f, Class<U> type, BiConsumer<Integer, U> eachResult) {
        ClassTag<U> tag = ClassTag$.MODULE$.apply(type);
        scala.collection.immutable.Seq partitions = CollectionConverters.asScala(
                IntStream.range(0, rdd.getNumPartitions()).boxed().collect(Collectors.toList())).toSeq();
        sc.sc().runJob(rdd.rdd(), f, partitions, new ResultHandler<>(eachResult), tag);
    }

    /**
     * Submits the function on every partition of {@code rdd} as one job and returns at once; each
     * partition's result is handed to {@code eachResult} as its task ends (one at a time, from
     * Spark's scheduler thread), and the job has ended when {@link SubmittedJob#await()} returns.
     * The job takes the calling thread's job description.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T, U> SubmittedJob submit(JavaSparkContext sc, JavaRDD<T> rdd, PartitionFunction<T, U> f, BiConsumer<Integer, U> eachResult) {
        scala.collection.immutable.Seq partitions = CollectionConverters.asScala(
                IntStream.range(0, rdd.getNumPartitions()).boxed().collect(Collectors.toList())).toSeq();
        return new SubmittedJob(sc.sc().submitJob(rdd.rdd(), new OfTaskContext<>(f), partitions, new ResultHandler<>(eachResult), Done.INSTANCE));
    }

    /**
     * The function as {@code submitJob} takes it, of the elements alone (the partition comes from the
     * task's context); a named class, so the closure cleaner passes it without a look.
     */
    private static final class OfTaskContext<T, U> extends AbstractFunction1<scala.collection.Iterator<T>, U> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final PartitionFunction<T, U> f;

        OfTaskContext(PartitionFunction<T, U> f) {
            this.f = f;
        }

        @Override
        public U apply(scala.collection.Iterator<T> elements) {
            return f.apply(TaskContext.get(), elements);
        }
    }

    /** What a submitted job's future holds once it has ended: nothing, the results went to the handler. */
    private static final class Done extends AbstractFunction0<BoxedUnit> {
        static final Done INSTANCE = new Done();

        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }

    /** {@code eachResult} as the Scala function {@code runJob} calls on the driver. */
    private static final class ResultHandler<U> extends AbstractFunction2<Object, U, BoxedUnit> {
        private final BiConsumer<Integer, U> eachResult;

        ResultHandler(BiConsumer<Integer, U> eachResult) {
            this.eachResult = eachResult;
        }

        @Override
        public BoxedUnit apply(Object partition, U result) {
            eachResult.accept((Integer) partition, result);
            return BoxedUnit.UNIT;
        }
    }
}
