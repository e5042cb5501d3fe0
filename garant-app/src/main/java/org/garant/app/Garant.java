package org.garant.app;

import java.io.PrintWriter;
import org.garant.geo.GeoInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code garant} command line. Exit status: 0 on success, 1 on an internal failure, 2 on bad input or bad
 * usage (with a one-line message naming the file or argument and what is wrong; never a stack trace).
 */
@Command(name = "garant", mixinStandardHelpOptions = true, version = "garant 0.1.0",
        description = "Plan a reassurance force for Ukraine and verify the ceasefire.",
        subcommands = {DemoCommand.class, TheatreCommand.class, WhereCommand.class, SimulateCommand.class, FuseCommand.class,
                VerifyCommand.class, ReportCommand.class, ImportCommand.class, ExportCommand.class, PlanCommand.class,
                BenchCommand.class, ServeCommand.class, FlinkCommand.class, UserCommand.class, AuditCommand.class,
                OutlineCommand.class, CommandLine.HelpCommand.class})
public final class Garant {
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on the process's stdout and stderr and returns the exit status. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output streams and returns the exit status (for tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Garant());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter e = cmd.getErr();
            if (ex instanceof GeoInputException || ex instanceof IllegalArgumentException || ex instanceof org.garant.store.StoreException
                    || ex instanceof CommandLine.ParameterException) {
                e.println("garant: error: " + ex.getMessage());
                e.flush();
                return BAD_INPUT;
            }
            e.println("garant: internal error: " + ex);
            ex.printStackTrace(e);
            e.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("garant: error: " + ex.getMessage());
            e.println("(see 'garant " + ex.getCommandLine().getCommandName().replace("garant", "").trim() + " --help')");
            e.flush();
            return BAD_INPUT;
        });
        return cl.execute(args);
    }
}
