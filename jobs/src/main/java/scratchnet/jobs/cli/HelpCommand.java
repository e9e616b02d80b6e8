package scratchnet.jobs.cli;

import java.io.PrintStream;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code help [COMMAND]}: the list of commands, or one command's options, as {@code --help} prints them. */
@CommandLine.Command(name = "help", description = "Print the commands, or the options of one command.")
final class HelpCommand implements Command {
    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command whose options to print.")
    private String command;

    @Spec
    private CommandSpec spec;

    @Override
    public void run(PrintStream out, PrintStream err) {
        CommandSpec all = spec.parent();
        if (command == null) {
            all.commandLine().usage(out);
            return;
        }
        CommandLine named = all.subcommands().get(command);
        if (named == null) {
            throw new UsageException(UsageErrors.unknownCommand(command, all.subcommands().keySet()));
        }
        named.usage(out);
    }
}
