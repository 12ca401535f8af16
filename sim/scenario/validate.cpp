// sim/scenario/validate.cpp — the meaning of a loaded scenario: ids,
// references, flags, ATT&CK techniques, artifact files, the inject graph
// (reachability, dead ends) and the timeline. Every rule has a stable code,
// documented with its fix in docs/scenario-format.md.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "sim/scenario/loader.hpp"
#include "sim/scenario/posture.hpp"
#include "sim/scenario/red_team.hpp"
#include "sim/scenario/suggest.hpp"

namespace sim {

namespace {

namespace fs = std::filesystem;

class Validator {
public:
    Validator(const Scenario& s, const attack::Catalog& cat, Diagnostics& d)
        : s_(s), cat_(cat), d_(d), file_(s.source_path.empty() ? "<scenario " + s.id + ">" : s.source_path) {}

    void run() {
        if (s_.injects.empty()) {
            auto p = s_.pos_of("injects", {});
            error(p, "empty-scenario", "empty scenario: it has no injects",
                  "add an `injects:` list; each inject is one message delivered to the teams");
        }
        check_ids();
        index();
        check_references();
        check_flags();
        check_moves();
        check_techniques();
        check_artifacts();
        check_benign();
        check_graph();
        check_timeline();
        check_todos();
        if (s_.posture && (s_.posture->profile.empty() || !s_.posture->file.empty()))
            validate_posture(*s_.posture, cat_, d_, file_);
        check_additions();
    }

private:
    const Scenario& s_;
    const attack::Catalog& cat_;
    Diagnostics& d_;
    std::string file_;

    std::unordered_map<std::string, const Inject*> injects_;
    std::set<std::string> expectations_, flags_set_;
    std::vector<std::string> inject_ids_, audience_ids_, role_ids_, capability_ids_, objective_ids_,
        stage_ids_, ending_ids_, expectation_ids_, move_facts_;

    void error(SourcePos p, std::string code, std::string msg, std::string hint = {}) {
        d_.error(file_, p.line, p.col, std::move(code), std::move(msg), std::move(hint));
    }
    void warning(SourcePos p, std::string code, std::string msg, std::string hint = {}) {
        d_.warning(file_, p.line, p.col, std::move(code), std::move(msg), std::move(hint));
    }
    static bool has(const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    }
    static std::string at_line(SourcePos p) {
        return p.line > 0 ? " at line " + std::to_string(p.line) : std::string{};
    }

    // ---- ids ---------------------------------------------------------------------

    template <class T>
    void unique(const std::vector<T>& items, const std::string& what) {
        std::map<std::string, SourcePos> seen;
        for (const auto& x : items) {
            auto [it, fresh] = seen.emplace(x.id, x.pos);
            if (!fresh)
                error(x.pos, "duplicate-id", what + " '" + x.id + "' is defined twice",
                      "first defined" + at_line(it->second) + "; rename one of them");
        }
    }

    void check_ids() {
        // Built-ins come first, so a redefinition is reported on the author's entry.
        {
            std::map<std::string, const Role*> seen;
            for (const auto& r : s_.roles) {
                auto [it, fresh] = seen.emplace(r.id, &r);
                if (fresh) continue;
                error(r.pos, "duplicate-id", "role '" + r.id + "' is defined twice",
                      it->second->builtin ? "'" + r.id + "' is a built-in role: use it without defining it"
                                          : "first defined" + at_line(it->second->pos) + "; rename one of them");
            }
        }
        {
            std::map<std::string, const Capability*> seen;
            for (const auto& c : s_.capabilities) {
                auto [it, fresh] = seen.emplace(c.id, &c);
                if (fresh) continue;
                error(c.pos, "duplicate-id", "capability '" + c.id + "' is defined twice",
                      it->second->builtin ? "'" + c.id + "' is a built-in capability: use it without defining it"
                                          : "first defined" + at_line(it->second->pos) + "; rename one of them");
            }
        }
        unique(s_.teams, "team");
        for (const auto& t : s_.teams)
            if (s_.role(t.id))
                error(t.pos, "duplicate-id", "team '" + t.id + "' has the same id as a role",
                      "`to:` and `by:` name teams and roles alike, so their ids must differ; rename the team");
        unique(s_.objectives, "objective");
        unique(s_.stages, "stage");
        unique(s_.injects, "inject");
        unique(s_.endings, "ending");
        std::map<std::string, SourcePos> exps;
        for (const auto& i : s_.injects) {
            for (const auto& e : i.expect) {
                auto [it, fresh] = exps.emplace(e.id, e.pos);
                if (!fresh)
                    error(e.pos, "duplicate-id", "expectation '" + e.id + "' is defined twice",
                          "expectation ids are unique across the scenario (options rate them by id); first defined" +
                              at_line(it->second));
            }
            if (i.decision) unique(i.decision->options, "option of inject '" + i.id + "':");
        }
        for (const auto& [stage, moves] : s_.red_moves) unique(moves, "red move of stage '" + stage + "':");
    }

    void index() {
        for (const auto& i : s_.injects) {
            injects_.emplace(i.id, &i);
            inject_ids_.push_back(i.id);
            for (const auto& e : i.expect) {
                expectations_.insert(e.id);
                expectation_ids_.push_back(e.id);
            }
            if (i.decision)
                for (const auto& o : i.decision->options) flags_set_.insert(o.set.begin(), o.set.end());
            flags_set_.insert(i.set.begin(), i.set.end());
        }
        for (const auto& t : s_.teams) audience_ids_.push_back(t.id);
        for (const auto& r : s_.roles) {
            audience_ids_.push_back(r.id);
            role_ids_.push_back(r.id);
        }
        for (const auto& c : s_.capabilities) capability_ids_.push_back(c.id);
        for (const auto& o : s_.objectives) objective_ids_.push_back(o.id);
        for (const auto& st : s_.stages) stage_ids_.push_back(st.id);
        for (const auto& e : s_.endings) ending_ids_.push_back(e.id);
        for (const auto& [stage, moves] : s_.red_moves)
            for (const auto& m : moves) move_facts_.push_back(move_fact(stage, m.id));
    }

    // ---- references ----------------------------------------------------------------

    void ref(const std::string& id, const std::vector<std::string>& known, const std::string& what,
             const std::string& where, SourcePos p) {
        if (id.empty() || has(known, id)) return;
        std::string hint = did_you_mean(id, known);
        if (hint.empty())
            hint = known.empty() ? "none is defined" : "defined: " + join(known.size() > 12
                                                                                ? std::vector<std::string>(known.begin(), known.begin() + 12)
                                                                                : known) +
                                                             (known.size() > 12 ? ", …" : "");
        error(p, "dangling-ref", "unknown " + what + " '" + id + "' in " + where, hint);
    }

    // An objective is the red cell's or the defenders': the first expectation
    // toward it decides, one from the other side is an error.
    std::map<std::string, std::pair<bool, std::string>> objective_side_;   // objective -> (red, first expectation)
    void check_red_objective(const Expectation& e, const std::string& owner) {
        if (e.objective.empty() || !s_.objective(e.objective)) return;
        const bool red = red_audience(s_, e.by);
        const auto [it, first] = objective_side_.emplace(e.objective, std::make_pair(red, e.id));
        if (first || it->second.first == red) return;
        const char* side = it->second.first ? "the red cell's" : "the defenders'";
        error(s_.pos_of(owner + ".objective", e.pos), "bad-value",
              "expectation '" + e.id + "' by '" + e.by + "' counts toward objective '" + e.objective + "', which is " +
                  side + " (expectation '" + it->second.second + "')",
              "an objective is the red cell's or the defenders': give the red team's expectations their own objective");
    }

    void ending_ref(const std::string& id, const std::string& where, SourcePos p) {
        if (id.empty() || has(ending_ids_, id)) return;
        std::string hint = did_you_mean(id, ending_ids_);
        if (hint.empty()) hint = "add it under `endings:` with a title and summary for the debrief";
        warning(p, "undefined-ending", "ending '" + id + "' in " + where + " is not defined under `endings:`", hint);
    }

    void check_references() {
        for (const auto& t : s_.teams)
            for (size_t k = 0; k < t.roles.size(); ++k)
                ref(t.roles[k], role_ids_, "role", "team '" + t.id + "'",
                    s_.pos_of("teams." + t.id + ".roles#" + std::to_string(k), t.pos));
        for (const auto& o : s_.objectives)
            ref(o.capability, capability_ids_, "capability", "objective '" + o.id + "'",
                s_.pos_of("objectives." + o.id + ".capability", o.pos));
        for (const auto& [stage, moves] : s_.red_moves) {
            ref(stage, stage_ids_, "stage", "red_moves", s_.pos_of("red_moves." + stage, {}));
            for (std::size_t k = 0; k < moves.size(); ++k)
                for (const auto& [which, list] : {std::pair<const char*, const std::vector<MoveCause>*>{"causes", &moves[k].causes},
                                                  {"alerts", &moves[k].alerts}, {"hunt_finds", &moves[k].hunt_finds}})
                    for (std::size_t c = 0; c < list->size(); ++c)
                        ref((*list)[c].inject, inject_ids_, "inject",
                            std::string("the ") + which + " of red move '" + moves[k].id + "' of stage '" + stage + "'",
                            s_.pos_of("red_moves." + stage + "#" + std::to_string(k) + "." + which + "#" + std::to_string(c),
                                      (*list)[c].pos));
        }

        for (const auto& i : s_.injects) {
            const std::string owner = "injects." + i.id;
            const std::string where = "inject '" + i.id + "'";
            ref(i.stage, stage_ids_, "stage", where, s_.pos_of(owner + ".stage", i.pos));
            for (size_t k = 0; k < i.to.size(); ++k)
                ref(i.to[k], audience_ids_, "team or role", where + " (to)",
                    s_.pos_of(owner + ".to#" + std::to_string(k), i.pos));
            check_after(i);
            ending_ref(i.end, where, s_.pos_of(owner + ".end", i.pos));
            for (const auto& e : i.expect) {
                const std::string eo = owner + ".expect." + e.id;
                const std::string ew = "expectation '" + e.id + "'";
                ref(e.by, audience_ids_, "team or role", ew + " (by)", s_.pos_of(eo + ".by", e.pos));
                ref(e.capability, capability_ids_, "capability", ew, s_.pos_of(eo + ".capability", e.pos));
                ref(e.objective, objective_ids_, "objective", ew, s_.pos_of(eo + ".objective", e.pos));
                check_red_objective(e, eo);
            }
            if (!i.decision) continue;
            const Decision& dec = *i.decision;
            const std::string downer = owner + ".decision";
            for (size_t k = 0; k < dec.by.size(); ++k)
                ref(dec.by[k], audience_ids_, "team or role", "the decision of " + where + " (by)",
                    s_.pos_of(downer + ".by#" + std::to_string(k), dec.pos));
            std::vector<std::string> option_ids;
            for (const auto& o : dec.options) option_ids.push_back(o.id);
            if (dec.default_option.empty())
                error(dec.pos, "no-default", "the decision of " + where + " has no default option",
                      "add default: <option-id>: the option taken when the timeout passes or the facilitator skips");
            else
                ref(dec.default_option, option_ids, "option", "the default of the decision of " + where,
                    s_.pos_of(downer + ".default", dec.pos));
            for (const auto& o : dec.options) {
                const std::string oo = downer + ".options." + o.id;
                const std::string ow = "option '" + o.id + "' of " + where;
                for (size_t k = 0; k < o.go_to.size(); ++k)
                    ref(o.go_to[k], inject_ids_, "inject", ow + " (goto)",
                        s_.pos_of(oo + ".goto#" + std::to_string(k), o.pos));
                for (const auto& [exp, rating] : o.rate)
                    ref(exp, expectation_ids_, "expectation", ow + " (rate)", s_.pos_of(oo + ".rate." + exp, o.pos));
                ending_ref(o.end, ow, s_.pos_of(oo + ".end", o.pos));
            }
        }
    }

    void check_after(const Inject& i) {
        const std::string& after = i.trigger.after;
        if (after.empty()) return;
        SourcePos p = s_.pos_of("injects." + i.id + ".after", i.pos);
        const auto dot = after.find('.');
        const std::string target = after.substr(0, dot);
        const std::string where = "inject '" + i.id + "' (after)";
        if (!injects_.count(target)) {
            ref(target, inject_ids_, "inject", where, p);
            return;
        }
        if (target == i.id) {
            error(p, "dangling-ref", "inject '" + i.id + "' waits for itself", "name another inject in after:");
            return;
        }
        if (dot == std::string::npos) return;
        const std::string option = after.substr(dot + 1);
        const Inject* t = injects_.at(target);
        if (!t->decision) {
            error(p, "dangling-ref", "inject '" + target + "' in " + where + " has no decision, so no option '" +
                                         option + "'",
                  "write after: " + target + " to wait for its delivery");
            return;
        }
        if (t->decision->option(option)) return;
        std::vector<std::string> opts;
        for (const auto& o : t->decision->options) opts.push_back(o.id);
        std::string hint = did_you_mean(option, opts);
        if (hint.empty()) hint = "its options: " + join(opts);
        error(p, "dangling-ref", "inject '" + target + "' has no option '" + option + "' (in " + where + ")", hint);
    }

    // ---- flags ------------------------------------------------------------------------

    // One flag or move fact named in a condition: a flag must be set by some
    // option, a move fact ("p3/dcsync") must name a stage and one of its moves.
    void check_fact(const std::string& name, const std::string& where, SourcePos p) {
        if (is_move_fact(name)) {
            if (has(move_facts_, name)) return;
            std::string hint = did_you_mean(name, move_facts_);
            if (hint.empty()) hint = move_facts_.empty() ? "the scenario has no red_moves" : "red moves: " + join(move_facts_);
            error(p, "dangling-ref", "unknown red move '" + name + "' in " + where, hint);
            return;
        }
        if (flags_set_.count(name)) return;
        const std::vector<std::string> set(flags_set_.begin(), flags_set_.end());
        std::string hint = did_you_mean(name, set);
        if (hint.empty()) hint = "set it with `set: [" + name + "]` on a decision option or an inject, or name a red move as stage/move";
        error(p, "unset-flag", "flag '" + name + "' tested in " + where + " is never set by any option or inject", hint);
    }

    void check_condition(const Condition& c, const std::string& key, const std::string& where) {
        auto check = [&](const std::vector<std::string>& names, const char* part) {
            for (size_t k = 0; k < names.size(); ++k)
                check_fact(names[k], where, s_.pos_of(key + "." + part + "#" + std::to_string(k), c.pos));
        };
        check(c.all, "all");
        check(c.any, "any");
        check(c.none, "not");
    }

    void check_flags() {
        for (const auto& i : s_.injects)
            check_condition(i.trigger.when, "injects." + i.id + ".when", "the `when` of inject '" + i.id + "'");
        for (const auto& [stage, moves] : s_.red_moves)
            for (size_t k = 0; k < moves.size(); ++k) {
                const std::string key = "red_moves." + stage + "#" + std::to_string(k);
                const std::string where = "red move '" + move_fact(stage, moves[k].id) + "'";
                check_condition(moves[k].prerequisites, key + ".requires", "the `requires` of " + where);
                for (size_t b = 0; b < moves[k].blocked_by.size(); ++b)
                    check_fact(moves[k].blocked_by[b], "the `blocked_by` of " + where,
                               s_.pos_of(key + ".blocked_by#" + std::to_string(b), moves[k].pos));
                for (const char* which : {"stopped_by", "revealed_by"}) {
                    const auto& list = std::string(which) == "stopped_by" ? moves[k].stopped_by : moves[k].revealed_by;
                    for (size_t b = 0; b < list.size(); ++b)
                        check_fact(list[b], std::string("the `") + which + "` of " + where,
                                   s_.pos_of(key + "." + which + "#" + std::to_string(b), moves[k].pos));
                }
            }
    }

    // A move whose prerequisites can never hold: it requires another move of
    // its own stage (one move per stage), a move of a later stage (which takes
    // effect after it), a move that is itself never available, or a name it
    // is also blocked by / also requires not to hold.
    void check_moves() {
        std::set<std::string> never;    // move facts never available, to a fixpoint
        auto why_never = [&](const std::string& stage, const RedMove& m) -> std::string {
            const int here = s_.stage_index(stage);
            auto req = [&](const std::string& f) -> std::string {
                if (!is_move_fact(f)) return {};
                const std::string other = f.substr(0, f.find('/'));
                if (other == stage) return "it requires " + f + ", another move of its own stage (a stage has one move)";
                if (s_.stage_index(other) > here) return "it requires " + f + ", a move of a later stage";
                if (never.count(f)) return "it requires " + f + ", which is never available";
                return {};
            };
            for (const auto& f : m.prerequisites.all)
                if (auto w = req(f); !w.empty()) return w;
            if (!m.prerequisites.any.empty() &&
                std::all_of(m.prerequisites.any.begin(), m.prerequisites.any.end(), [&](const std::string& f) { return !req(f).empty(); }))
                return "none of its `requires.any` can hold";
            for (const auto& f : m.prerequisites.all)
                if (has(m.blocked_by, f) || has(m.prerequisites.none, f))
                    return "it requires " + f + " and is blocked by it";
            return {};
        };
        for (bool more = true; more;) {
            more = false;
            for (const auto& [stage, moves] : s_.red_moves)
                for (const auto& m : moves)
                    if (!never.count(move_fact(stage, m.id)) && !why_never(stage, m).empty()) {
                        never.insert(move_fact(stage, m.id));
                        more = true;
                    }
        }
        for (const auto& [stage, moves] : s_.red_moves)
            for (const auto& m : moves)
                if (never.count(move_fact(stage, m.id)))
                    warning(m.pos, "unavailable-move",
                            "red move '" + move_fact(stage, m.id) + "' can never be chosen: " + why_never(stage, m),
                            "require moves of earlier stages, or drop the requirement");
    }

    // ---- ATT&CK -----------------------------------------------------------------------

    void check_technique(const std::string& id, const std::string& stage_id, const std::string& where, SourcePos p) {
        if (!attack::is_technique_id(id)) {
            error(p, "bad-technique", "'" + id.substr(0, 40) + "' in " + where + " is not an ATT&CK technique id",
                  "write T1234 or T1234.001 (upper-case T, 4 digits, optional 3-digit sub-technique)");
            return;
        }
        const attack::Technique* t = cat_.technique(id);
        if (!t) {
            // An error either way: a typo (T1910 for T1190) must not pass. Ids of a newer
            // ATT&CK release are accepted by importing that catalog (`ttx attack import`).
            std::string hint;
            for (const auto& near : attack::nearest_techniques(cat_, id, 3)) {
                const attack::Technique* n = cat_.technique(near);
                hint += (hint.empty() ? "did you mean " : ", ") + near + (n ? " (" + n->name + ")" : std::string{});
            }
            if (!hint.empty()) hint += "?";
            const bool builtin = cat_.origin == "built-in";
            const std::string more =
                !cat_.full ? "if it is a real technique outside this partial catalog, run `ttx attack import` "
                             "to check against the complete one"
                : builtin  ? "check the id at attack.mitre.org; a technique of a release newer than v" + cat_.version +
                                 " needs that release's catalog (`ttx attack import`)"
                           : "check the id at attack.mitre.org";
            hint = hint.empty() ? more : hint + "; " + more;
            error(p, "unknown-technique",
                  "technique " + id + " in " + where + " is not in the ATT&CK v" + cat_.version +
                      (builtin ? " built-in catalog" : " catalog"),
                  hint);
            return;
        }
        if (t->status != attack::Status::active) {
            std::string hint = "pick a current technique";
            if (!t->revoked_by.empty()) {
                const attack::Technique* r = cat_.technique(t->revoked_by);
                hint = "use " + t->revoked_by + (r ? " (" + r->name + ")" : std::string{}) + " instead";
            }
            warning(p, "revoked-technique",
                    std::string("technique ") + id + " (" + t->name + ") in " + where + " is " +
                        (t->status == attack::Status::revoked ? "revoked" : "deprecated") + " in ATT&CK v" +
                        cat_.version,
                    hint);
            return;
        }
        const Stage* st = s_.stage(stage_id);
        if (!st || st->tactic.empty() || has(t->tactics, st->tactic)) return;
        warning(p, "tactic-mismatch",
                "technique " + id + " (" + t->name + ") in " + where + " does not belong to the stage's tactic " +
                    st->tactic + " (its tactics: " + join(t->tactics) + ")",
                "move it to a stage whose tactic is one of its tactics, or pick a technique of " + st->tactic);
    }

    void check_techniques() {
        for (const auto& i : s_.injects)
            for (size_t k = 0; k < i.techniques.size(); ++k)
                check_technique(i.techniques[k], i.stage, "inject '" + i.id + "'",
                                s_.pos_of("injects." + i.id + ".techniques#" + std::to_string(k), i.pos));
        for (const auto& [stage, moves] : s_.red_moves)
            for (size_t k = 0; k < moves.size(); ++k)
                check_technique(moves[k].technique, stage, "red_moves of stage '" + stage + "'",
                                s_.pos_of("red_moves." + stage + "#" + std::to_string(k) + ".technique", moves[k].pos));
    }

    // ---- artifacts --------------------------------------------------------------------

    void check_artifacts() {
        std::error_code ec;
        const fs::path base = s_.base_dir.empty() ? fs::path{} : fs::weakly_canonical(fs::path(s_.base_dir), ec);
        for (const auto& i : s_.injects) {
            for (size_t k = 0; k < i.artifacts.size(); ++k) {
                const Artifact& a = i.artifacts[k];
                if (a.kind != ArtifactKind::file && a.kind != ArtifactKind::image) continue;
                SourcePos p = s_.pos_of("injects." + i.id + ".artifacts#" + std::to_string(k) + ".path", a.pos);
                const fs::path rel(a.path);
                const std::string hint = "write a path relative to the scenario's folder, e.g. " +
                                         (s_.id.empty() ? std::string("my-scenario") : s_.id) + "/sample.log";
                if (a.path.empty() || rel.is_absolute()) {
                    error(p, "artifact-path", "artifact path '" + a.path + "' must be relative to the scenario's folder",
                          hint);
                    continue;
                }
                if (std::any_of(rel.begin(), rel.end(), [](const fs::path& c) { return c == ".."; })) {
                    error(p, "artifact-path", "artifact path '" + a.path + "' leaves the scenario's folder ('..')",
                          hint);
                    continue;
                }
                if (s_.base_dir.empty()) continue;  // built from text without a folder: nothing to look at
                const fs::path full = fs::path(s_.base_dir) / rel;
                if (!fs::is_regular_file(full, ec)) {
                    error(p, "artifact-path", "artifact file '" + a.path + "' does not exist",
                          "looked for " + full.string() + "; ship the file beside the scenario");
                    continue;
                }
                // A symlink may still point outside the folder.
                const fs::path real = fs::weakly_canonical(full, ec);
                auto [b, r] = std::mismatch(base.begin(), base.end(), real.begin(), real.end());
                if (ec || b != base.end()) {
                    error(p, "artifact-path", "artifact file '" + a.path + "' resolves outside the scenario's folder",
                          "replace the symlink with the file itself");
                    continue;
                }
                if (a.kind == ArtifactKind::image) check_image(full, a, p);
            }
        }
    }

    // ---- benign injects ---------------------------------------------------------------

    void check_benign() {
        for (const auto& i : s_.injects) {
            if (!i.benign) continue;
            for (const auto& e : i.expect) {
                if (e.action == Action::triage || e.action == Action::dismiss) continue;
                error(s_.pos_of("injects." + i.id + ".expect." + e.id + ".action", e.pos), "benign-expectation",
                      "benign inject '" + i.id + "' expects '" + to_string(e.action) + "' (expectation '" + e.id + "')",
                      "noise is scored on triage and dismiss only; use action: triage or action: dismiss");
            }
        }
    }

    // ---- the inject graph -------------------------------------------------------------

    static constexpr ExTime kInf = std::numeric_limits<ExTime>::max();
    std::vector<char> reachable_;
    std::vector<ExTime> earliest_;  // lower bound on delivery time, kInf if unknown

    void check_graph() {
        const std::size_t n = s_.injects.size();
        std::unordered_map<std::string, std::size_t> pos;
        for (std::size_t k = 0; k < n; ++k) pos.emplace(s_.injects[k].id, k);
        auto index_of = [&](const std::string& id) {
            auto it = pos.find(id);
            return it == pos.end() ? n : it->second;
        };

        // Reachability: a fixpoint over injects and the flags their decisions can set.
        reachable_.assign(n, 0);
        std::set<std::string> settable(move_facts_.begin(), move_facts_.end());  // red moves can take effect
        std::vector<char> caused(n, 0);
        for (std::size_t k = 0; k < n; ++k)
            caused[k] = s_.caused_by_moves(s_.injects[k].id) || s_.alert_of_moves(s_.injects[k].id);
        auto possible = [&](const Condition& c) {
            for (const auto& f : c.all)
                if (!settable.count(f)) return false;
            if (c.any.empty()) return true;
            return std::any_of(c.any.begin(), c.any.end(), [&](const std::string& f) { return settable.count(f) != 0; });
        };
        auto after_ok = [&](const Trigger& t) {
            if (t.after.empty()) return true;
            const auto dot = t.after.find('.');
            const std::size_t k = index_of(t.after.substr(0, dot));
            if (k == n || !reachable_[k]) return false;
            if (dot == std::string::npos) return true;
            const auto& d = s_.injects[k].decision;
            return d && d->option(t.after.substr(dot + 1)) != nullptr;
        };
        // Each inject's options are expanded once, when it becomes reachable;
        // trigger-waiting injects are rescanned only after something new.
        std::vector<std::size_t> work;
        auto reach = [&](std::size_t k) {
            if (k < n && !reachable_[k]) {
                reachable_[k] = 1;
                work.push_back(k);
            }
        };
        for (bool more = true; more;) {
            for (std::size_t k = 0; k < n; ++k) {
                const Inject& i = s_.injects[k];
                if (!reachable_[k] && (!i.trigger.goto_only() || caused[k]) && after_ok(i.trigger) &&
                    possible(i.trigger.when))
                    reach(k);
            }
            more = !work.empty();
            while (!work.empty()) {
                const Inject& i = s_.injects[work.back()];
                work.pop_back();
                settable.insert(i.set.begin(), i.set.end());
                if (!i.decision) continue;
                for (const auto& o : i.decision->options) {
                    settable.insert(o.set.begin(), o.set.end());
                    for (const auto& g : o.go_to) reach(index_of(g));
                }
            }
        }

        // Earliest delivery times (lower bounds), relaxed until stable.
        std::vector<std::vector<std::size_t>> goto_parents(n);
        for (std::size_t j = 0; j < n; ++j) {
            if (!s_.injects[j].decision) continue;
            for (const auto& o : s_.injects[j].decision->options)
                for (const auto& g : o.go_to)
                    if (std::size_t k = index_of(g); k < n) goto_parents[k].push_back(j);
        }
        earliest_.assign(n, kInf);
        for (std::size_t pass = 0; pass <= n; ++pass) {
            bool changed = false;
            for (std::size_t k = 0; k < n; ++k) {
                if (!reachable_[k]) continue;
                const Trigger& t = s_.injects[k].trigger;
                ExTime e = kInf;
                if (!t.goto_only() || caused[k]) {
                    ExTime base = t.at != kNoTime ? t.at : 0;
                    if (!t.after.empty()) {
                        std::size_t j = index_of(t.after.substr(0, t.after.find('.')));
                        base = (j < n && earliest_[j] != kInf) ? std::max(base, earliest_[j] + t.delay) : kInf;
                    }
                    e = base;
                }
                for (std::size_t j : goto_parents[k])  // reached by a goto: no earlier than the decision
                    if (reachable_[j] && earliest_[j] != kInf) e = std::min(e, earliest_[j]);
                if (e != earliest_[k] && e < earliest_[k]) {
                    earliest_[k] = e;
                    changed = true;
                }
            }
            if (!changed) break;
        }

        for (std::size_t k = 0; k < n; ++k) {
            const Inject& i = s_.injects[k];
            if (reachable_[k] || index_of(i.id) != k) continue;
            if (i.trigger.goto_only())
                warning(i.pos, "unreachable", "inject '" + i.id + "' can never be delivered: nothing leads to it",
                        "give it an `at:` time or an `after:` trigger, or name it in a decision option's `goto:`");
            else
                warning(i.pos, "unreachable",
                        "inject '" + i.id + "' can never be delivered: its trigger waits for an inject, option or flag "
                        "that is never reached or set",
                        "check its after: and when:, and that the injects they name can be reached");
        }

        // Dead ends: every option must lead somewhere, or the exercise stalls.
        ExTime last_timed = kNoTime;         // the latest `at` that does not wait for anything else
        std::set<std::string> awaited;       // `after:` targets
        std::set<std::string> tested;        // flags a `when` waits to see set
        for (const auto& j : s_.injects) {
            if (j.trigger.at != kNoTime && j.trigger.after.empty()) last_timed = std::max(last_timed, j.trigger.at);
            if (!j.trigger.after.empty()) awaited.insert(j.trigger.after);
            tested.insert(j.trigger.when.all.begin(), j.trigger.when.all.end());
            tested.insert(j.trigger.when.any.begin(), j.trigger.when.any.end());
        }
        for (std::size_t k = 0; k < n; ++k) {
            const Inject& i = s_.injects[k];
            if (!i.decision || !i.end.empty()) continue;
            const ExTime t0 = earliest_[k] == kInf ? (i.trigger.at != kNoTime ? i.trigger.at : 0) : earliest_[k];
            if (last_timed != kNoTime && last_timed > t0) continue;
            for (const auto& o : i.decision->options) {
                if (!o.go_to.empty() || !o.end.empty()) continue;
                if (awaited.count(i.id) || awaited.count(i.id + "." + o.id)) continue;
                if (std::any_of(o.set.begin(), o.set.end(), [&](const std::string& f) { return tested.count(f) != 0; }))
                    continue;
                error(o.pos, "dead-end",
                      "option '" + o.id + "' of inject '" + i.id + "' leads nowhere: no goto, no end, and no inject "
                      "is scheduled after " + format_clock(t0),
                      "add goto: <inject-id>, end: <ending-id>, or a later inject with at: or after: " + i.id + "." + o.id);
            }
        }
    }

    // ---- the timeline -----------------------------------------------------------------

    // What an importer left for the facilitator (metadata.todo): one warning per
    // item, at the inject it concerns, until the item is done (an inject given
    // expectations or a technique) or removed from the list.
    void check_todos() {
        for (const auto& t : s_.todos) {
            const Inject* inj = nullptr;
            if (auto it = injects_.find(t.at); it != injects_.end()) inj = it->second;
            if (inj && t.need == "expect" && !inj->expect.empty()) continue;
            if (inj && t.need == "technique" && !inj->techniques.empty()) continue;
            SourcePos p = inj ? inj->pos : t.pos;
            std::string what = t.need == "expect"      ? "has no expectations yet"
                               : t.need == "options"   ? "has decision options to write"
                               : t.need == "technique" ? "has no ATT&CK technique yet"
                                                       : "has a guessed time";
            std::string msg = (inj ? "inject '" : "'") + t.at + "' " + what;
            if (!t.note.empty()) msg += ": " + t.note;
            warning(p, "todo-" + t.need, msg,
                    "complete it, then delete its entry under metadata.todo" + at_line(t.pos));
        }
    }
    // ---- additions: story time, sign-off, conditional ratings, inject flags, images --------

    void check_image(const fs::path& full, const Artifact& a, SourcePos p) {
        std::string head;
        if (FILE* f = std::fopen(full.string().c_str(), "rb")) {
            char buf[512];
            head.assign(buf, std::fread(buf, 1, sizeof buf, f));
            std::fclose(f);
        }
        bool ok = false;
        if (a.media_type == "image/png") ok = head.rfind("\x89PNG\r\n\x1a\n", 0) == 0;
        else if (a.media_type == "image/jpeg") ok = head.size() > 2 && head[0] == '\xFF' && head[1] == '\xD8';
        else ok = head.find("<svg") != std::string::npos;
        if (!ok)
            error(p, "artifact-path", "image '" + a.path + "' is not the " + a.media_type + " its name says",
                  "export the image again, or name it after its real format (.png, .jpg, .svg)");
    }

    void check_additions() {
        for (const auto& i : s_.injects) {
            const std::string owner = "injects." + i.id;
            const std::string where = "inject '" + i.id + "'";
            if ((i.jump != kNoTime || i.story_at != kNoTime) && !s_.story.set())
                error(s_.pos_of(owner + (i.jump != kNoTime ? ".jump" : ".story_at"), i.pos), "bad-value",
                      where + " moves the story clock, but the scenario sets no story start",
                      "add story: {start: \"2024-09-24 07:30\"} at the top level");
            else if (i.story_at != kNoTime && i.story_at < s_.story.start)
                error(s_.pos_of(owner + ".story_at", i.pos), "time-order",
                      where + ": story_at " + format_story_time(i.story_at) + " is before the story starts (" +
                          format_story_time(s_.story.start) + ")",
                      "story time only moves forward");
            const Stage* st = s_.stage(i.stage);
            if (st && st->kind != StageKind::attack)
                for (size_t k = 0; k < i.techniques.size(); ++k)
                    warning(s_.pos_of(owner + ".techniques#" + std::to_string(k), i.pos), "tactic-mismatch",
                            where + " names technique " + i.techniques[k] + " but its stage '" + st->id + "' is a " +
                                to_string(st->kind) + " stage, outside the attack chain",
                            "move the inject to an attack stage, or drop the technique");
            if (!i.decision) continue;
            const Decision& d = *i.decision;
            const std::string downer = owner + ".decision";
            for (size_t k = 0; k < d.sign_off.size(); ++k)
                ref(d.sign_off[k], audience_ids_, "team or role", "the sign-off of " + where,
                    s_.pos_of(downer + ".sign_off#" + std::to_string(k), d.pos));
            for (const auto& o : d.options)
                for (size_t r = 0; r < o.rate_when.size(); ++r) {
                    const std::string key = downer + ".options." + o.id + ".rate_when#" + std::to_string(r);
                    const std::string ow = "option '" + o.id + "' of " + where;
                    check_condition(o.rate_when[r].when, key + ".when", "the rate_when of " + ow);
                    for (const auto& [exp, rating] : o.rate_when[r].rate)
                        ref(exp, expectation_ids_, "expectation", ow + " (rate_when)",
                            s_.pos_of(key + ".rate." + exp, o.rate_when[r].pos));
                }
        }
        for (const auto& [stage, moves] : s_.red_moves)
            if (const Stage* st = s_.stage(stage); st && st->kind != StageKind::attack)
                error(s_.pos_of("red_moves." + stage, {}), "bad-value",
                      "red_moves for stage '" + stage + "', a " + to_string(st->kind) + " stage",
                      "red moves belong to attack stages (ATT&CK tactics)");
        unique(s_.feedback, "feedback question");
    }

    void check_timeline() {
        std::vector<ExTime> first(s_.stages.size(), kInf);
        // Response and recovery modules run beside the attack: only attack stages keep an order.
        auto attack_stage = [&](int k) { return k >= 0 && s_.stages[static_cast<size_t>(k)].kind == StageKind::attack; };
        for (const auto& i : s_.injects) {
            int k = s_.stage_index(i.stage);
            if (attack_stage(k) && i.trigger.at != kNoTime) first[k] = std::min(first[k], i.trigger.at);
        }
        for (const auto& i : s_.injects) {
            if (i.trigger.at == kNoTime) continue;
            SourcePos p = s_.pos_of("injects." + i.id + ".at", i.pos);
            int k = attack_stage(s_.stage_index(i.stage)) ? s_.stage_index(i.stage) : -1;
            for (int prev = 0; prev < k; ++prev) {
                if (first[prev] == kInf || i.trigger.at >= first[prev]) continue;
                warning(p, "time-order",
                        "inject '" + i.id + "' (stage '" + i.stage + "') is scheduled at " + format_clock(i.trigger.at) +
                            ", before the earlier stage '" + s_.stages[prev].id + "' begins at " +
                            format_clock(first[prev]),
                        "stages follow the attack chain: move the inject later or into an earlier stage");
                break;
            }
            if (s_.duration != kNoTime && i.trigger.at > s_.duration)
                warning(p, "time-order",
                        "inject '" + i.id + "' is scheduled at " + format_clock(i.trigger.at) +
                            ", after the scenario's estimated duration (" + format_clock(s_.duration) + ")",
                        "raise `duration:` or schedule the inject earlier");
        }
    }
};

} // namespace

void validate_scenario(const Scenario& s, const attack::Catalog& catalog, Diagnostics& diags) {
    Validator(s, catalog, diags).run();
}

LoadResult load_and_validate(const std::string& path, const attack::Catalog& catalog) {
    LoadResult r = load_scenario_file(path);
    // Meaning is checked only on a structurally sound file: references into
    // entities the loader had to drop would only repeat the same mistake.
    if (r.scenario && !r.diags.has_errors()) validate_scenario(*r.scenario, catalog, r.diags);
    return r;
}

} // namespace sim
