package org.garant.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.garant.geo.GeoInputException;
import org.garant.geo.Theatre;
import org.garant.plan.domain.Coalition;
import org.garant.plan.io.CoalitionCsv;
import org.garant.plan.io.PlanJson;
import org.garant.plan.scenario.Evaluation;
import org.garant.plan.scenario.Evaluator;
import org.garant.plan.scenario.Scenario;
import org.garant.plan.solver.Rotations;
import org.garant.plan.solver.Stationer;
import org.garant.store.Principal;
import org.garant.store.Releasability;
import org.garant.store.Store;

/**
 * Planning at the HTTP edge: evaluation and comparison of scenarios (immediate), and the stationing optimiser as an
 * asynchronous job (one at a time per server, progress lines kept) whose plan is stored as a document of kind
 * {@code plan} with the coalition data's marking. Thread-safe.
 */
final class Jobs implements AutoCloseable {
    /** A job's state, as {@code GET /api/jobs/{id}} answers it. */
    static final class Job {
        final String id;
        final String owner;
        final String nation;
        volatile String state = "RUNNING";
        volatile String error;
        final List<String> progress = java.util.Collections.synchronizedList(new ArrayList<>());

        Job(String id, String owner, String nation) {
            this.id = id;
            this.owner = owner;
            this.nation = nation;
        }
    }

    private final Store store;
    private final ExecutorService solver = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "garant-plan-jobs");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(System.currentTimeMillis());

    Jobs(Store store) {
        this.store = store;
    }

    static CoalitionCsv.Result load(Map<String, String> files, Theatre theatre) {
        if (files == null) {
            return CoalitionCsv.demo(theatre);
        }
        try {
            return CoalitionCsv.read(f -> {
                String text = files.get(f);
                return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }, "coalition ", theatre);
        } catch (GeoInputException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static Coalition coalition(GarantServer server, Principal p) {
        return load(server.coalitionFiles(p.nation()), server.theatreForPlanning()).coalition();
    }

    /** All conditions hold, then the given ones are set; unknown conditions are errors naming them. */
    static Scenario scenario(Coalition c, JsonNode settings, String where) {
        Scenario s = Scenario.allHold(c.conditions().keySet());
        if (settings == null || settings.isNull()) {
            return s;
        }
        if (!settings.isObject()) {
            throw ApiError.badRequest(where + ": must be an object of condition → true|false");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!c.conditions().containsKey(e.getKey())) {
                throw ApiError.badRequest(where + "." + e.getKey() + ": unknown condition (defined: " + c.conditions().keySet() + ")");
            }
            if (!e.getValue().isBoolean()) {
                throw ApiError.badRequest(where + "." + e.getKey() + ": must be true or false");
            }
            s = s.with(e.getKey(), e.getValue().asBoolean());
        }
        return s;
    }

    void evaluate(Context ctx, GarantServer server) {
        ObjectNode b = Json.object(ctx.body().isBlank() ? "{}" : ctx.body());
        Json.onlyKnown(b, "", Set.of("scenario"));
        Coalition c = coalition(server, ctx.attribute("principal"));
        Scenario s = scenario(c, b.get("scenario"), "scenario");
        ObjectNode o = PlanJson.evaluation(Evaluator.evaluate(c, s));
        o.set("scenario", Json.MAPPER.valueToTree(s.conditions()));
        GarantServer.json(ctx, 200, o);
    }

    void compare(Context ctx, GarantServer server) {
        ObjectNode b = Json.object(ctx.body());
        Json.onlyKnown(b, "", Set.of("a", "b"));
        Coalition c = coalition(server, ctx.attribute("principal"));
        Evaluation ea = Evaluator.evaluate(c, scenario(c, b.get("a"), "a"));
        Evaluation eb = Evaluator.evaluate(c, scenario(c, b.get("b"), "b"));
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.set("a", PlanJson.evaluation(ea));
        o.set("b", PlanJson.evaluation(eb));
        o.put("fill_rate_change", Math.round((eb.fillRate() - ea.fillRate()) * 10000) / 10000.0);
        GarantServer.json(ctx, 200, o);
    }

    void solve(Context ctx, GarantServer server) {
        Principal p = ctx.attribute("principal");
        ObjectNode b = Json.object(ctx.body().isBlank() ? "{}" : ctx.body());
        Json.onlyKnown(b, "", Set.of("scenario", "seconds"));
        Coalition c = coalition(server, p);
        Scenario s = scenario(c, b.get("scenario"), "scenario");
        double seconds = 10;
        if (b.has("seconds")) {
            if (!b.get("seconds").isNumber() || !(b.get("seconds").asDouble() > 0 && b.get("seconds").asDouble() <= 600)) {
                throw ApiError.badRequest("seconds: must be a number in (0, 600]");
            }
            seconds = b.get("seconds").asDouble();
        }
        Releasability rel = server.store().documents().get(p.nation(), "coalition", "current").map(d -> d.rel())
                .orElse(Releasability.COALITION);
        Job job = new Job("plan-" + next.incrementAndGet(), p.name(), p.nation());
        jobs.put(job.id, job);
        double limit = seconds;
        solver.execute(() -> {
            try {
                Stationer.Result r = Stationer.solve(c, s, limit, job.progress::add);
                store.documents().put(job.owner, "plan", job.id, Json.write(PlanJson.plan(r, c, s)), rel);
                job.state = "DONE";
            } catch (RuntimeException e) {
                job.error = e.getMessage();
                job.state = "FAILED";
            }
        });
        ctx.header("Location", "/api/jobs/" + job.id);
        GarantServer.json(ctx, 202, Json.MAPPER.createObjectNode().put("job", job.id).put("state", job.state));
    }

    /** Rotations over a horizon for the pledges active under a scenario (immediate: a greedy schedule, milliseconds). */
    void rotations(Context ctx, GarantServer server) {
        ObjectNode b = Json.object(ctx.body().isBlank() ? "{}" : ctx.body());
        Json.onlyKnown(b, "", Set.of("scenario", "months", "tour_months", "dwell_factor", "handover_weeks"));
        Coalition c = coalition(server, ctx.attribute("principal"));
        Scenario s = scenario(c, b.get("scenario"), "scenario");
        int months = whole(b, "months", 24, 1, 120);
        Rotations.Policy policy = new Rotations.Policy(whole(b, "tour_months", 6, 1, 36),
                b.has("dwell_factor") ? number(b, "dwell_factor", 0, 10) : 2, whole(b, "handover_weeks", 2, 0, 12));
        Rotations.Schedule sch = Rotations.plan(c, c.pledges().stream().filter(p -> Evaluator.active(p, s)).toList(), months, policy);
        ObjectNode o = Json.MAPPER.createObjectNode().put("months", months).put("gap_slot_months", sch.gapMonths());
        ArrayNode tours = o.putArray("tours");
        for (Rotations.Tour t : sch.tours()) {
            tours.addObject().put("requirement", t.requirement()).put("slot", t.slot()).put("pledge", t.pledge()).put("nation", t.nation())
                    .put("from_month", t.fromMonth()).put("to_month", t.toMonth());
        }
        o.set("gaps", Json.MAPPER.valueToTree(sch.gaps()));
        o.set("scenario", Json.MAPPER.valueToTree(s.conditions()));
        GarantServer.json(ctx, 200, o);
    }

    private static int whole(ObjectNode b, String field, int dflt, int min, int max) {
        if (!b.has(field)) {
            return dflt;
        }
        JsonNode v = b.get(field);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            throw ApiError.badRequest(field + ": must be a whole number in " + min + "–" + max);
        }
        return v.asInt();
    }

    private static double number(ObjectNode b, String field, double min, double max) {
        JsonNode v = b.get(field);
        if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
            throw ApiError.badRequest(field + ": must be a number in " + min + "–" + max);
        }
        return v.asDouble();
    }

    void status(Context ctx) {
        Principal p = ctx.attribute("principal");
        Job job = jobs.get(ctx.pathParam("id"));
        if (job == null || !job.nation.equals(p.nation())) {
            throw ApiError.notFound("no job '" + ctx.pathParam("id") + "'");
        }
        ObjectNode o = Json.MAPPER.createObjectNode().put("job", job.id).put("state", job.state);
        synchronized (job.progress) {
            job.progress.subList(Math.max(0, job.progress.size() - 20), job.progress.size()).forEach(l -> o.withArray("progress").add(l));
        }
        if (job.error != null) {
            o.put("error", job.error);
        }
        if (job.state.equals("DONE")) {
            o.put("plan", "/api/plans/" + job.id);
        }
        GarantServer.json(ctx, 200, o);
    }

    void plan(Context ctx, GarantServer server) {
        Principal p = ctx.attribute("principal");
        var d = server.store().documents().get(p.nation(), "plan", ctx.pathParam("id"))
                .orElseThrow(() -> ApiError.notFound("no plan '" + ctx.pathParam("id") + "'"));
        GarantServer.json(ctx, 200, d.body());
    }

    @Override
    public void close() {
        solver.shutdownNow();
    }
}
