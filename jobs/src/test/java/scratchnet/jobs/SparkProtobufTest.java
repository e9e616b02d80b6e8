package scratchnet.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.Message;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.Test;

/**
 * The parent pom pins protobuf-java for the ONNX classes, and the pin also decides the
 * protobuf-java among Spark's jars ({@code jobs/target/spark/jars}): it must be the one Spark was
 * built with, which spark-sql's jar lists.
 */
class SparkProtobufTest {

    @Test
    void theProtobufPinIsSparksOwn() throws Exception {
        String spark;
        try (JarFile sql = new JarFile(Path.of(SparkPlan.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            String dependencies = new String(sql.getInputStream(sql.getEntry("META-INF/DEPENDENCIES")).readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("com\\.google\\.protobuf:protobuf-java:jar:(\\S+)").matcher(dependencies);
            assertTrue(m.find(), "spark-sql's META-INF/DEPENDENCIES names no protobuf-java");
            spark = m.group(1);
        }
        String ours = Path.of(Message.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        assertEquals("protobuf-java-" + spark + ".jar", ours, "pom.xml's protobuf.version must be Spark "
                + org.apache.spark.package$.MODULE$.SPARK_VERSION() + "'s protobuf-java, " + spark);
    }
}
