package org.garant.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.garant.store.Store;
import org.garant.store.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users of the store.",
        subcommands = {UserCommand.Add.class})
final class UserCommand {
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Create a user and print a bearer token for it, once (only its hash is stored).",
                    "Run it while no server holds the embedded store (or create users with POST /api/users)."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--nation", required = true, paramLabel = "ISO3", description = "the user's nation, e.g. FRA")
        String nation;

        @Option(names = "--role", required = true, paramLabel = "ROLE", split = ",",
                description = "PLANNER, MONITOR, ANALYST, OFFICIAL or ADMIN (repeat or separate with commas)")
        List<String> roles;

        @Option(names = "--password-stdin", description = "read a password for login from standard input")
        boolean passwordStdin;

        @Option(names = "--db", defaultValue = "garant-data", paramLabel = "DIR|URL", description = "the store (default: ${DEFAULT-VALUE})")
        String db;

        @Override
        public Integer call() throws java.io.IOException {
            String password = null;
            if (passwordStdin) {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            try (Store store = open(db)) {
                Users.User u = store.users().create("cli", name, nation.toUpperCase(java.util.Locale.ROOT),
                        Users.parseRoles(String.join(",", roles)), password);
                Users.IssuedToken t = store.users().issueToken("cli", u.name(), "garant user add");
                PrintWriter out = spec.commandLine().getOut();
                out.printf("user %s (%s, %s) created; its token (shown once):%n%s%n", u.name(), u.nation(), u.roles(), t.secret());
                out.flush();
            }
            return 0;
        }
    }

    /** Opens the store, saying plainly when a running server holds the embedded database. */
    static Store open(String db) {
        try {
            return Store.open(db);
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (String.valueOf(c.getMessage()).contains("already in use") || String.valueOf(c.getMessage()).contains("Database may be already")) {
                    throw new IllegalArgumentException("the store " + db + " is in use by a running Garant server: stop it first, "
                            + "or use the API (POST /api/users, GET /api/audit/verify)");
                }
            }
            throw e;
        }
    }
}
