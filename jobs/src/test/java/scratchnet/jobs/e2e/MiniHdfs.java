package scratchnet.jobs.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * HDFS in the test JVM: a MiniDFSCluster ({@code hadoop-client-minicluster}, Spark's Hadoop
 * version) with one DataNode on 127.0.0.1, its storage under {@code target/e2e/hdfs}.
 */
final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;
    private final String uri;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
        // getURI() names localhost; executors and drivers are told 127.0.0.1 everywhere
        this.uri = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    /** Starts HDFS and waits until it is active. */
    static MiniHdfs start() throws IOException {
        long t0 = System.nanoTime();
        Path base = E2E.dir().resolve("hdfs");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).format(true).build();
        cluster.waitActive();
        E2E.figure(String.format(Locale.ROOT, "MiniDFSCluster (1 datanode) up in %.1f s", (System.nanoTime() - t0) / 1e9));
        return new MiniHdfs(cluster);
    }

    /** @return {@code hdfs://127.0.0.1:PORT} */
    String uri() {
        return uri;
    }

    /** @return a client of this HDFS */
    FileSystem fileSystem() throws IOException {
        return FileSystem.get(java.net.URI.create(uri), new Configuration());
    }

    /** Copies a local file into HDFS. */
    void put(Path local, String hdfsPath) throws IOException {
        fileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(uri + hdfsPath));
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
