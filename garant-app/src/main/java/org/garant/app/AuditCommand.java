package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.garant.store.Audit;
import org.garant.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit trail.", subcommands = {AuditCommand.Verify.class})
final class AuditCommand {
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recompute the hash chain of the audit log and check every submitted observation against the hash",
                    "recorded when it was submitted. Exit 0 when intact, 1 naming the first broken entry."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--db", defaultValue = "garant-data", paramLabel = "DIR|URL", description = "the store (default: ${DEFAULT-VALUE})")
        String db;

        @Option(names = "--json", description = "print one JSON line")
        boolean json;

        @Override
        public Integer call() {
            Audit.Verification v;
            try (Store store = UserCommand.open(db)) {
                v = store.audit().verify();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode o = Json.object();
                o.put("entries", v.entries());
                o.put("ok", v.ok());
                o.put("first_broken_seq", v.firstBrokenSeq());
                o.put("problem", v.problem());
                o.put("evidence_checked", v.evidenceChecked());
                out.println(Json.line(o));
            } else if (v.ok()) {
                out.printf("audit log intact: %d entries chained; %d submitted observations match their recorded hashes%n",
                        v.entries(), v.evidenceChecked());
            } else {
                out.printf("audit log BROKEN at entry %d: %s%n", v.firstBrokenSeq(), v.problem());
            }
            out.flush();
            return v.ok() ? 0 : 1;
        }
    }
}
