package scratchnet.jobs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import scratchnet.core.BadInputException;
import scratchnet.core.TestData;
import scratchnet.jobs.cli.CliRunner;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.spark.LocalSpark;

/**
 * {@code evaluate} and {@code predict} on {@code s3a://}: data and weights read from, the report and
 * the predictions written to an S3 API served in this JVM by s3proxy (127.0.0.1, plain HTTP).
 */
@Tag("e2e")
class S3IT {
    private static final String BUCKET = "scratchnet";

    // S3 requires a checksum on a bulk delete (S3A's cleanup of a directory's markers); the AWS SDK
    // (2.30 on) sends it as x-amz-checksum-crc32, a header s3proxy 2.9.0 does not know and would
    // refuse (501 NotImplemented) unless told to let unknown headers pass.
    @RegisterExtension
    final S3ProxyExtension s3proxy = S3ProxyExtension.builder().withCredentials("access", "secret").ignoreUnknownHeaders().build();

    private S3Client s3;
    private Map<String, String> settings;

    @BeforeEach
    void setUp() {
        LocalSpark.stop();
        // Checksums only where S3 requires them, as S3A asks by default (fs.s3a.checksum.generation and
        // .validation false): the SDK's default since 2.30 sends every upload over plain HTTP with a
        // trailing checksum, which s3proxy refuses ("'x-amz-content-sha256' header does not match").
        s3 = S3Client.builder().endpointOverride(s3proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret"))).build();
        s3.createBucket(b -> b.bucket(BUCKET));
        for (String name : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            s3.putObject(b -> b.bucket(BUCKET).key("mnist/" + name), RequestBody.fromFile(TestData.mnistDir().resolve(name)));
        }
        s3.putObject(b -> b.bucket(BUCKET).key("models/sample_weight.pkl"), RequestBody.fromFile(TestData.sampleWeights()));
        // what a user gives with --conf spark.hadoop.fs.s3a.…=…
        settings = Map.of("fs.s3a.endpoint", s3proxy.getUri().toString(), "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.path.style.access", "true", "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.access.key", "access", "fs.s3a.secret.key", "secret",
                "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                "fs.s3a.impl.disable.cache", "true", "fs.s3a.attempts.maximum", "1", "fs.s3a.retry.limit", "1");
        settings.forEach((k, v) -> System.setProperty("spark.hadoop." + k, v));
    }

    @AfterEach
    void tearDown() {
        settings.keySet().forEach(k -> System.clearProperty("spark.hadoop." + k));
        s3.close();
    }

    @Test
    void evaluateAndPredictReadAndWriteS3LeavingNoTemporaryObject() throws Exception {
        CliRunner evaluate = CliRunner.run("evaluate", "--data", "s3a://scratchnet/mnist", "--weights", "s3a://scratchnet/models/sample_weight.pkl",
                "--report", "s3a://scratchnet/report", "--run-id", "s3-run");
        assertEquals(0, evaluate.code(), evaluate.err());
        assertTrue(evaluate.out().startsWith("Accuracy:0.9352\n"), evaluate.out());
        assertTrue(evaluate.out().contains("report s3a://scratchnet/report/runs/s3-run.json"), evaluate.out());

        CliRunner predict = CliRunner.run("predict", "--data", "s3a://scratchnet/mnist", "--weights", "s3a://scratchnet/models/sample_weight.pkl",
                "--out", "s3a://scratchnet/predictions");
        assertEquals(0, predict.code(), predict.err());
        assertTrue(predict.out().startsWith("wrote 10000 rows to s3a://scratchnet/predictions (parquet): 9352 correct, accuracy 0.9352"), predict.out());

        CliRunner model = CliRunner.run("export-mllib", "--weights", "s3a://scratchnet/models/sample_weight.pkl", "--out", "s3a://scratchnet/models/mlp");
        assertEquals(0, model.code(), model.err());

        List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
        assertTrue(keys.containsAll(List.of("report/index.html", "report/runs/s3-run.json", "report/runs/s3-run.confusion.png",
                "report/runs/s3-run.gallery.png", "predictions/_SUCCESS", "models/mlp/metadata/_SUCCESS")), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("predictions/part-") && k.endsWith(".parquet")), keys.toString());
        assertTrue(keys.stream().noneMatch(k -> k.contains(".tmp") || k.contains("_temporary") || k.contains("/.")), keys.toString());

        // S3's streams publish on close: reports go straight to their objects, one PUT each
        Configuration conf = new Configuration();
        settings.forEach(conf::set);
        org.apache.hadoop.fs.Path report = new org.apache.hadoop.fs.Path("s3a://scratchnet/report/index.html");
        assertTrue(HadoopFiles.fileSystem(report, conf).hasPathCapability(report, CommonPathCapabilities.ABORTABLE_STREAM));
    }

    @Test
    void aMissingBucketOrRefusedCredentialsAreOneLineOfBadInput() {
        CliRunner noBucket = CliRunner.run("evaluate", "--data", "s3a://no-such-bucket/mnist", "--weights", TestData.sampleWeights().toString());
        assertEquals(2, noBucket.code(), noBucket.err());
        assertTrue(noBucket.oneErrorLine(), noBucket.err());
        assertTrue(noBucket.err().startsWith("scratchnet: s3a://no-such-bucket/mnist/t10k-images-idx3-ubyte: cannot read: "), noBucket.err());

        System.setProperty("spark.hadoop.fs.s3a.secret.key", "wrong");
        CliRunner refused = CliRunner.run("evaluate", "--data", "s3a://scratchnet/mnist", "--weights", TestData.sampleWeights().toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.oneErrorLine(), refused.err());
        assertTrue(refused.err().startsWith("scratchnet: s3a://scratchnet/mnist/t10k-images-idx3-ubyte: cannot read: "), refused.err());
    }

    @Test
    void withoutHadoopAwsS3aSaysWhatToAdd(@org.junit.jupiter.api.io.TempDir Path dir) {
        Configuration conf = new Configuration();
        conf.set("fs.s3a.impl", "org.apache.hadoop.fs.s3a.NotOnThisClasspath"); // as when hadoop-aws is missing
        BadInputException e = org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
                () -> HadoopFiles.qualify("s3a://scratchnet/mnist", conf));
        assertTrue(e.getMessage().startsWith("s3a://scratchnet/mnist: java.lang.ClassNotFoundException: Class org.apache.hadoop.fs.s3a.NotOnThisClasspath not found"
                + " (s3a:// needs org.apache.hadoop:hadoop-aws:3.5.0, e.g. spark-submit --packages org.apache.hadoop:hadoop-aws:3.5.0)"), e.getMessage());
        assertEquals(URI.create("s3a://scratchnet/mnist").getScheme(), "s3a");
    }
}
