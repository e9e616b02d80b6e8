package scratchnet.jobs.report;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import scratchnet.core.BadInputException;
import scratchnet.core.io.Printable;
import scratchnet.core.io.ContentWriter;
import scratchnet.jobs.io.HadoopFiles;
import scratchnet.jobs.io.ExitCleanup;
import scratchnet.jobs.io.HadoopOutput;
import scratchnet.jobs.io.OutputLock;
import scratchnet.jobs.io.ProjectJson;

/**
 * A report directory on any Hadoop file system, as scheduled evaluation runs fill it:
 * <pre>
 * index.html                  the latest run and the history
 * runs/&lt;id&gt;.json             one run ({@link EvaluationRun})
 * runs/&lt;id&gt;.confusion.png    its confusion-matrix heatmap
 * runs/&lt;id&gt;.gallery.png      its misclassified digits
 * </pre>
 * Every file is written atomically ({@link HadoopOutput}); a rerun of an id replaces its files.
 */
public final class ReportDir {
    /** The runs' folder, relative to the report. */
    public static final String RUNS = "runs";
    /** The page, relative to the report. */
    public static final String INDEX = "index.html";
    private static final ObjectMapper JSON = ProjectJson.MAPPER;

    private final String uri;
    private final Configuration conf;

    /**
     * @param uri  the report directory (URI or local path)
     * @param conf the Hadoop configuration
     */
    public ReportDir(String uri, Configuration conf) {
        this.uri = HadoopFiles.qualify(uri, conf).toString();
        this.conf = conf;
    }

    /** @return the report directory, qualified */
    public String uri() {
        return uri;
    }

    /** @return the pictures of a run, named relative to its JSON */
    public static EvaluationRun.Images images(String runId) {
        return new EvaluationRun.Images(runId + ".confusion.png", runId + ".gallery.png");
    }

    /** @return the URI of a file in the runs' folder */
    public String runFile(String name) {
        return new Path(new Path(uri, RUNS), name).toString();
    }

    /** Writes a file in the runs' folder atomically. */
    public void writeRunFile(String name, ContentWriter writer) {
        HadoopOutput.writeAtomically(runFile(name), true, conf, writer);
    }

    /** Writes a run's JSON atomically, replacing an earlier run of the same id. @return its URI */
    public String writeRun(EvaluationRun run) {
        return HadoopOutput.writeAtomically(runFile(run.runId() + ".json"), true, conf, out -> JSON.writeValue(out, run)).toString();
    }

    /** Writes the page atomically. */
    public void writeIndex(String html) {
        HadoopOutput.writeAtomically(new Path(uri, INDEX).toString(), true, conf,
                out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Makes this process the one writer of a run: a second {@code evaluate} with the same run id
     * fails at once, naming this one.
     *
     * @param warnings where replacing a stale lock is reported
     */
    public OutputLock lockRun(String runId, PrintStream warnings) {
        return OutputLock.acquire(new Path(new Path(uri, RUNS), "." + runId + ".lock"), "run " + runId + " of report " + uri,
                "evaluate", conf, warnings);
    }

    /** @return a run file registered for removal at exit, until the run's JSON is written ({@link ExitCleanup}) */
    public ExitCleanup.Registration provisional(String name) {
        return ExitCleanup.register(HadoopFiles.qualify(runFile(name), conf), false, conf);
    }

    /**
     * @param warnings where a run file that cannot be read is named, one line each, before it is
     *                 skipped: a corrupt or foreign neighbour never fails the page, the history or
     *                 the run being recorded
     * @return every run in the runs' folder, in no particular order; hidden and temporary files
     *         and anything that is not {@code .json} are passed over; so is (with a warning) an
     *         entry that is not a regular file inside the report, such as a symbolic link, which
     *         is never followed; files of an older schema are read in this one ({@link EvaluationRun#upgrade})
     * @throws BadInputException when the folder is missing
     */
    public List<EvaluationRun> readRuns(PrintStream warnings) {
        Path runs = new Path(uri, RUNS);
        FileSystem fs = HadoopFiles.fileSystem(runs, conf);
        FileStatus[] files;
        try {
            files = fs.listStatus(runs);
        } catch (FileNotFoundException e) {
            throw new BadInputException(runs + ": no such report (no runs folder)", e);
        } catch (IOException e) {
            throw new BadInputException(runs + ": cannot list: " + e.getMessage(), e);
        }
        List<EvaluationRun> out = new ArrayList<>();
        for (FileStatus f : files) {
            String name = f.getPath().getName();
            if (name.endsWith(".json") && !name.startsWith(".") && !name.startsWith("_")) {
                if (!HadoopFiles.isRegularFileWithin(new Path(uri), f)) {
                    warnings.println(Printable.escaped("scratchnet: warning: " + f.getPath()
                            + ": not a regular file inside the report (a link, a directory or a device is never read); skipped", ""));
                    continue;
                }
                try {
                    out.add(parse(f.getPath()));
                } catch (BadInputException e) {
                    warnings.println("scratchnet: warning: " + Printable.escaped(e.getMessage(), "") + "; skipped");
                }
            }
        }
        return out;
    }

    private EvaluationRun parse(Path file) {
        byte[] bytes = HadoopFiles.readAll(file.toString(), conf);
        try {
            JsonNode json = JSON.readTree(bytes);
            EvaluationRun run = json == null || !json.isObject() ? null : JSON.treeToValue(EvaluationRun.upgrade(json), EvaluationRun.class);
            if (run == null || run.runId() == null || run.startTime() == null) {
                throw new BadInputException(file + ": not an evaluation run (no run_id or start_time)");
            }
            run.started(); // a malformed start time fails here, not later while sorting
            return run;
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new BadInputException(file + ": not an evaluation run: " + e.getMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
