package scratchnet.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The usage generated from the declared options: help, and mistyped names as one line with a suggestion. */
class UsageTest {

    /** @return the commands the list names, read from the list itself */
    private static List<String> listedCommands() {
        String list = CliRunner.run("help").out();
        return list.substring(list.indexOf("Commands:")).lines().skip(1)
                .takeWhile(l -> l.startsWith("  ")).map(l -> l.strip().split("\\s+")[0]).toList();
    }

    @Test
    void evaluateHelpPrintsEveryOptionWithItsDescriptionAndDefault() {
        CliRunner dashed = CliRunner.run("evaluate", "--help");
        assertEquals(0, dashed.code(), dashed.err());
        assertEquals("", dashed.err());
        String help = dashed.out();
        assertTrue(help.startsWith("Usage: submit.sh evaluate "), help);
        for (String line : List.of("--data=URI", "--weights=FILE", "--batch-size=N", "Images per batch, 1 to 1000000.", "Default: 100",
                "--partitions=N", "--report=URI", "--run-id=ID", "--min-accuracy=X", "The gate, between 0 and 1", "--verbose", "-h, --help")) {
            assertTrue(help.contains(line), line + " in\n" + help);
        }
        CliRunner word = CliRunner.run("help", "evaluate");
        assertEquals(0, word.code(), word.err());
        assertEquals(help, word.out());
        // --help wins over a missing required option
        assertEquals(0, CliRunner.run("plot-gradient", "-h").code());
    }

    @Test
    void everyCommandPrintsItsHelp() {
        List<String> commands = listedCommands();
        assertTrue(commands.containsAll(List.of("fetch-data", "evaluate", "train", "gradcheck", "show", "plot-gradient", "history",
                "walkthrough", "benchmark", "help", "predict", "export-mllib", "export-onnx")), commands.toString());
        for (String c : commands) {
            CliRunner r = CliRunner.run(c, "--help");
            assertEquals(0, r.code(), c + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: submit.sh " + c), r.out());
        }
    }

    @Test
    void theListNamesEachCommandWithOneLine() {
        CliRunner help = CliRunner.run("help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("Usage: submit.sh [spark-submit options] COMMAND [options]"), help.out());
        assertTrue(help.out().lines().anyMatch(l -> l.matches(" +evaluate +Evaluate a network on the test set; print Accuracy:0\\.9352\\.")),
                help.out());
        assertTrue(help.out().lines().anyMatch(l -> l.matches(" +train +Train the network by distributed mini-batch SGD\\.")), help.out());
        assertEquals(help.out(), CliRunner.run("--help").out());
        CliRunner none = CliRunner.run();
        assertEquals(2, none.code());
        assertEquals(help.out(), none.out());
    }

    @Test
    void aMistypedOptionGetsASuggestionInOneLine() {
        CliRunner r = CliRunner.run("evaluate", "--bach-size", "5");
        assertEquals(2, r.code());
        assertEquals("scratchnet: evaluate: unknown option --bach-size (did you mean --batch-size?)", r.err().strip());
        assertTrue(r.oneErrorLine(), r.err());
        assertEquals("", r.out());
        CliRunner equals = CliRunner.run("train", "--itres=5");
        assertEquals("scratchnet: train: unknown option --itres (did you mean --iters?)", equals.err().strip());
        CliRunner far = CliRunner.run("train", "--momentum", "0.9");
        assertEquals("scratchnet: train: unknown option --momentum", far.err().strip());
    }

    @Test
    void aMistypedCommandGetsASuggestionInOneLine() {
        CliRunner r = CliRunner.run("evalute", "--batch-size", "5");
        assertEquals(2, r.code());
        assertEquals("scratchnet: unknown command 'evalute' (did you mean evaluate?)", r.err().strip());
        assertEquals(r.err(), CliRunner.run("help", "evalute").err());
        assertEquals(2, CliRunner.run("help", "evalute").code());
        CliRunner far = CliRunner.run("xyzzy");
        assertTrue(far.oneErrorLine() && far.err().contains("unknown command 'xyzzy' (commands: fetch-data, evaluate, train,"), far.err());
    }

    @Test
    void otherUsageErrorsAreOneLineToo() {
        List<List<String>> cases = List.of(
                List.of("evaluate", "--batch-size"), List.of("evaluate: option --batch-size needs a value"),
                List.of("evaluate", "--batch-size", "5", "--batch-size", "6"), List.of("evaluate: option --batch-size given twice"),
                List.of("evaluate", "extra"), List.of("evaluate: unexpected argument 'extra'"),
                List.of("show", "--index", "-1", "--out", "x.png"), List.of("show: --index must be at least 0, got -1"),
                List.of("show", "--set", "validation", "--out", "x.png"), List.of("show: --set must be train or test, got 'validation'"),
                List.of("evaluate", "--min-accuracy", "high"), List.of("evaluate: --min-accuracy must be a number, got 'high'"));
        for (int i = 0; i < cases.size(); i += 2) {
            CliRunner r = CliRunner.run(cases.get(i).toArray(String[]::new));
            assertEquals(2, r.code(), r.err());
            assertTrue(r.oneErrorLine(), r.err());
            assertEquals("scratchnet: " + cases.get(i + 1).get(0), r.err().strip());
            assertFalse(r.err().contains("Usage:"), r.err());
        }
    }
}
