package scratchnet.jobs.container;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.spark.launcher.JavaModuleOptions;

/**
 * The image's entrypoint, in the image's layout ({@code /opt/java}, {@code /opt/spark/jars},
 * {@code /opt/spark/conf}, {@code /opt/scratchnet}). Its first argument decides, as in Spark's own
 * image's {@code entrypoint.sh}:
 * <ul>
 * <li>{@code driver ARGS}: spark-submit in client mode inside the driver pod, bound to
 * {@code SPARK_DRIVER_BIND_ADDRESS}, with the heap and JVM options of the properties file Spark
 * mounts ({@code spark.driver.memory}, {@code spark.driver.extraJavaOptions});</li>
 * <li>{@code executor}: Spark's Kubernetes executor backend, from the {@code SPARK_*} variables
 * Spark sets on an executor pod ({@code SPARK_JAVA_OPT_n} in order, the memory as heap);</li>
 * <li>anything else: a scratchnet command line in {@code local[*]} ({@code evaluate --weights book}).</li>
 * </ul>
 * The JVM it starts is its child, with the same standard streams; a SIGTERM to the container is
 * passed on to it, and its exit code is the container's.
 */
public final class Entrypoint {
    private static final String MAIN = "scratchnet.jobs.cli.Main";

    private Entrypoint() {
    }

    /** @param args the container's arguments */
    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Layout layout = Layout.of(env);
        List<String> command = command(Arrays.asList(args), env, layout);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (command.contains(MAIN) && !env.containsKey("SPARK_LOCAL_IP")) {
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1"); // local[*] needs no network interface
        }
        Process child = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "pass the signal on"));
        System.exit(child.waitFor());
    }

    /** Where the image holds Java, Spark and the application; overridable by the usual variables. */
    record Layout(Path javaHome, Path sparkHome, Path confDir, Path appJar) {
        static Layout of(Map<String, String> env) {
            Path sparkHome = Path.of(env.getOrDefault("SPARK_HOME", "/opt/spark"));
            return new Layout(Path.of(env.getOrDefault("JAVA_HOME", "/opt/java")), sparkHome,
                    Path.of(env.getOrDefault("SPARK_CONF_DIR", sparkHome.resolve("conf").toString())),
                    Path.of(env.getOrDefault("SCRATCHNET_JAR", "/opt/scratchnet/scratchnet-jobs-0.1.0.jar")));
        }

        String java() {
            return javaHome.resolve("bin/java").toString();
        }

        /** Spark's class path in its image: the configuration, the jars, then what the pod adds. */
        String classPath(Map<String, String> env) {
            StringBuilder cp = new StringBuilder();
            if (env.get("HADOOP_CONF_DIR") != null) {
                cp.append(env.get("HADOOP_CONF_DIR")).append(':');
            }
            cp.append(confDir).append(':').append(sparkHome.resolve("jars")).append("/*");
            if (env.get("SPARK_EXTRA_CLASSPATH") != null) {
                cp.append(':').append(env.get("SPARK_EXTRA_CLASSPATH"));
            }
            return cp.toString();
        }
    }

    /** @return the JVM command line for the container's arguments */
    static List<String> command(List<String> args, Map<String, String> env, Layout layout) throws IOException {
        String role = args.isEmpty() ? "" : args.get(0);
        return switch (role) {
            case "driver" -> driver(args.subList(1, args.size()), env, layout);
            case "executor" -> executor(env, layout);
            default -> local(args, layout);
        };
    }

    /** Spark's JVM flags for Java 17, the vector module the kernels use, headless pictures. */
    private static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        flags.addAll(List.of("--add-modules=jdk.incubator.vector", "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                "-Djava.awt.headless=true"));
        return flags;
    }

    private static List<String> driver(List<String> args, Map<String, String> env, Layout layout) throws IOException {
        Properties conf = new Properties();
        int file = args.indexOf("--properties-file");
        if (file >= 0 && file + 1 < args.size()) {
            conf = properties(Path.of(args.get(file + 1)));
        }
        List<String> cmd = new ArrayList<>(List.of(layout.java()));
        cmd.addAll(jvmFlags());
        cmd.add("-Xmx" + conf.getProperty("spark.driver.memory", "1g"));
        cmd.addAll(words(conf.getProperty("spark.driver.defaultJavaOptions", "")));
        cmd.addAll(words(conf.getProperty("spark.driver.extraJavaOptions", "")));
        cmd.addAll(List.of("-cp", layout.classPath(env), "org.apache.spark.deploy.SparkSubmit",
                "--conf", "spark.driver.bindAddress=" + env.getOrDefault("SPARK_DRIVER_BIND_ADDRESS", ""), "--deploy-mode", "client"));
        cmd.addAll(args);
        return cmd;
    }

    private static List<String> executor(Map<String, String> env, Layout layout) {
        List<String> cmd = new ArrayList<>(List.of(layout.java()));
        cmd.addAll(jvmFlags());
        // SPARK_JAVA_OPT_0, _1, ... in their numeric order
        Map<Integer, String> options = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.matches("SPARK_JAVA_OPT_\\d+")) {
                options.put(Integer.parseInt(k.substring("SPARK_JAVA_OPT_".length())), v);
            }
        });
        cmd.addAll(options.values());
        String memory = env.getOrDefault("SPARK_EXECUTOR_MEMORY", "1g");
        cmd.addAll(List.of("-Xms" + memory, "-Xmx" + memory, "-cp", layout.classPath(env),
                "org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend",
                "--driver-url", env.getOrDefault("SPARK_DRIVER_URL", ""), "--executor-id", env.getOrDefault("SPARK_EXECUTOR_ID", ""),
                "--cores", env.getOrDefault("SPARK_EXECUTOR_CORES", "1"), "--app-id", env.getOrDefault("SPARK_APPLICATION_ID", ""),
                "--hostname", env.getOrDefault("SPARK_EXECUTOR_POD_IP", ""),
                "--resourceProfileId", env.getOrDefault("SPARK_RESOURCE_PROFILE_ID", "0"),
                "--podName", env.getOrDefault("SPARK_EXECUTOR_POD_NAME", "")));
        return cmd;
    }

    /** A scratchnet command line on {@code local[*]}, with the image's spark-defaults.conf. */
    private static List<String> local(List<String> args, Layout layout) throws IOException {
        Properties conf = properties(layout.confDir().resolve("spark-defaults.conf"));
        List<String> cmd = new ArrayList<>(List.of(layout.java()));
        cmd.addAll(jvmFlags());
        cmd.add("-Xmx" + conf.getProperty("spark.driver.memory", "2g"));
        cmd.addAll(words(conf.getProperty("spark.driver.extraJavaOptions", "")));
        cmd.addAll(List.of("-cp", layout.confDir() + ":" + layout.sparkHome().resolve("jars") + "/*", "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[*]", "--conf", "spark.ui.showConsoleProgress=false", "--class", MAIN, layout.appJar().toString()));
        cmd.addAll(args);
        return cmd;
    }

    /** A properties file as Spark reads it (UTF-8); none when it does not exist. */
    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        return p;
    }

    /** JVM options as Spark's files hold them: separated by blanks (no quoting needed by ours). */
    private static List<String> words(String options) {
        return options.isBlank() ? List.of() : Arrays.asList(options.strip().split("\\s+"));
    }
}
