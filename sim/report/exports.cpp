// sim/report/exports.cpp — results for other tools: the improvement plan as a
// table (shared by the workbook), purple and red results in VECTR's CSV import
// columns, and the improvement plan as STIX 2.1 course-of-action objects.
// docs/export.md describes each mapping.
#include "sim/report/detail.hpp"
#include "sim/scenario/suggest.hpp"     // join

#include <array>
#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include <openssl/evp.h>

namespace sim::report {

using nlohmann::json;

namespace {

// "2025-03-04T14:05:00.000Z" (VECTR's and STIX's timestamp form); "" for 0.
std::string iso_time(std::int64_t utc_ms) {
    if (utc_ms <= 0) return {};
    const std::time_t secs = static_cast<std::time_t>(utc_ms / 1000);
    std::tm tm{};
    if (!::gmtime_r(&secs, &tm)) return {};
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(utc_ms % 1000));
    return buf;
}

// The session's timeline as dates: its start plus the exercise clock, so
// start, stop and detection times line up with detected_at (exercise time).
std::int64_t scenario_ms(const ReportInput& in, ExTime t) { return in.meta.started_wall + t * 1000; }

std::string technique_name(const attack::Catalog& cat, const std::string& id) {
    const attack::Technique* t = cat.technique(id);
    return t ? t->name : std::string();
}

// A stage's tactic as a display name ("TA0006" or "credential-access" -> "Credential Access").
std::string phase_of(const ReportInput& in, const attack::Catalog& cat, std::string tactic) {
    if (const attack::Tactic* t = cat.tactic(tactic)) tactic = t->shortname;
    return tactic.empty() ? std::string() : tactic_name(tactic, in.catalog);
}

// VECTR's outcome vocabulary for ttx's purple/adjudicated outcome:
// Outcome, Alert Triggered, Activity Logged.
struct VectrOutcome {
    const char *outcome, *alert, *logged;
};
VectrOutcome vectr_outcome(const std::string& o) {
    if (o == "blocked") return {"Blocked", "TBD", "TBD"};
    if (o == "alerted") return {"Detected", "Yes", "Yes"};
    if (o == "logged") return {"NotDetected", "No", "Yes"};
    if (o == "none") return {"NotDetected", "No", "No"};
    return {"TBD", "TBD", "TBD"};       // n/a, or never adjudicated
}

} // namespace

detail::Rows detail::action_rows(const ReportInput& in) {
    const Names names(in.scenario);
    Rows out{{"#", "Issue / area for improvement", "Corrective action", "Capability", "Team", "Organisation",
              "Point of contact", "Start", "Completion", "Status", "Source", "Key"}};
    for (const auto& a : in.actions)
        out.push_back({std::to_string(a.number), a.area, a.text, names.capability(a.capability),
                       a.team.empty() ? "" : names.team(a.team), a.organisation, a.owner, a.start, a.due,
                       to_string(a.status), a.source, a.key});
    return out;
}

std::string render_vectr_csv(const ReportInput& in) {
    const attack::Catalog& cat = in.catalog ? *in.catalog : attack::builtin_catalog();
    const detail::Names names(in.scenario);

    // Detection advice per technique the defenders missed or caught late.
    std::unordered_map<std::string, std::string> advice;
    for (const auto& g : technique_gaps(in)) {
        std::vector<std::string> dets;
        for (const auto& d : g.detections) {
            std::vector<std::string> reads;
            for (const auto& dc : d.data_components) reads.push_back(dc.name);
            dets.push_back(d.id + " " + d.name + (reads.empty() ? "" : " (reads " + join(reads, ", ") + ")"));
        }
        advice[g.technique] = join(dets, "; ");
    }
    std::unordered_map<std::string, const scoring::PurpleResult*> purple;
    for (const auto& p : in.card.purple.results) purple[p.technique] = &p;

    const std::string group = in.scenario.title.empty() ? in.scenario.id : in.scenario.title;
    const std::string campaign = "ttx " + in.meta.id + " (" + in.card.mode +
                                 (in.meta.started_wall > 0 ? ", " + format_date(in.meta.started_wall) : "") + ")";
    // The organisation is the one whose posture the moves were adjudicated against.
    const std::string organization = in.scenario.posture ? in.scenario.posture->name : std::string();
    // VECTR's column names, in its order (its CSV reader matches by name).
    std::string out = csv_row({"AssessmentGroup", "Campaign", "Phase", "Variant", "MitreID", "Method", "Status",
                               "Outcome", "Alert Triggered", "Activity Logged", "Outcome Notes",
                               "Detection Recommendations", "Start Time", "Start Time Epoch", "Stop Time",
                               "Stop Time Epoch", "Detection Time", "Detection Time Epoch", "Organizations", "Tags",
                               "Objective"});
    auto row = [&](const std::string& phase, const std::string& variant, const std::string& technique,
                   const std::string& outcome, const std::string& notes, ExTime start, ExTime stop,
                   std::optional<ExTime> detected, const std::string& objective) {
        const VectrOutcome v = vectr_outcome(outcome);
        auto when = [&](std::optional<ExTime> t, std::string& iso, std::string& epoch) {
            if (!t || in.meta.started_wall <= 0) return;
            iso = iso_time(scenario_ms(in, *t));
            epoch = std::to_string(scenario_ms(in, *t));
        };
        std::string start_iso, start_epoch, stop_iso, stop_epoch, det_iso, det_epoch;
        when(start, start_iso, start_epoch);
        when(stop, stop_iso, stop_epoch);
        when(detected, det_iso, det_epoch);
        out += csv_row({group, campaign, phase, variant, technique, technique_name(cat, technique),
                        outcome.empty() ? "In Progress" : "Completed", v.outcome, v.alert, v.logged, notes,
                        advice.count(technique) ? advice[technique] : "", start_iso, start_epoch, stop_iso,
                        stop_epoch, det_iso, det_epoch, organization, "ttx," + in.card.mode, objective});
    };

    // One test case per red move, in play order; its technique's purple result
    // (what the team recorded) wins over the engine's adjudication.
    std::unordered_set<std::string> done;
    for (const auto& m : in.card.red.moves) {
        const scoring::PurpleResult* p = purple.count(m.technique) ? purple[m.technique] : nullptr;
        std::string outcome = p ? std::string(to_string(p->outcome)) : m.adjudicated;
        std::vector<std::string> notes;
        if (!m.why.empty()) notes.push_back(m.why);
        if (p && !p->note.empty()) notes.push_back(p->note);
        std::string objective;
        if (auto it = in.scenario.red_moves.find(m.stage); it != in.scenario.red_moves.end())
            for (const auto& def : it->second)
                if (def.id == m.move) objective = def.description;
        const std::string name = technique_name(cat, m.technique);
        const std::string variant = m.move == m.technique || m.move.empty() ? (name.empty() ? m.technique : name)
                                                                            : m.move + (name.empty() ? "" : " — " + name);
        row(phase_of(in, cat, names.stage_tactic(m.stage)), variant, m.technique, outcome, join(notes, " "), m.t,
            p ? p->t : m.t, p ? p->detected_at : std::nullopt, objective);
        done.insert(m.technique);
    }
    // Purple results for techniques no red move played (recorded on injects).
    for (const auto& p : in.card.purple.results) {
        if (done.count(p.technique)) continue;
        const attack::Technique* t = cat.technique(p.technique);
        const std::string tactic = t && !t->tactics.empty() ? t->tactics.front() : std::string();
        row(tactic.empty() ? "" : tactic_name(tactic, in.catalog), t ? t->name : p.technique, p.technique,
            to_string(p.outcome), p.note, p.t, p.t, p.detected_at, "");
    }
    return out;
}

// ---- STIX 2.1 ---------------------------------------------------------------------

namespace {

// RFC 9562 UUIDv5 (SHA-1, name-based) of `name` in `ns`: the same session and
// action always give the same id, so a re-export updates rather than duplicates.
std::string uuid_v5(const std::array<unsigned char, 16>& ns, const std::string& name) {
    std::string data(reinterpret_cast<const char*>(ns.data()), ns.size());
    data += name;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha1(), nullptr);
    md[6] = static_cast<unsigned char>((md[6] & 0x0f) | 0x50);   // version 5
    md[8] = static_cast<unsigned char>((md[8] & 0x3f) | 0x80);   // RFC variant
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

// ttx's own namespace for its STIX ids (a fixed, randomly chosen UUID).
constexpr std::array<unsigned char, 16> kStixNamespace{0x6b, 0x3e, 0x1f, 0x52, 0x9c, 0x0d, 0x4a, 0x7e,
                                                       0xb1, 0x58, 0x2d, 0x94, 0xe6, 0x07, 0xc3, 0x11};

} // namespace

std::string render_stix(const ReportInput& in) {
    const detail::Names names(in.scenario);
    const attack::Catalog& cat = in.catalog ? *in.catalog : attack::builtin_catalog();
    // STIX requires created/modified: the session's start keeps them stable.
    std::string stamp = iso_time(in.meta.started_wall);
    if (stamp.empty()) stamp = "1970-01-01T00:00:00.000Z";
    json objects = json::array();
    for (const auto& a : in.actions) {
        json coa = {{"type", "course-of-action"},
                    {"spec_version", "2.1"},
                    {"id", "course-of-action--" + uuid_v5(kStixNamespace, in.meta.id + "/" + a.key)},
                    {"created", stamp},
                    {"modified", stamp},
                    {"name", a.text},
                    {"description", a.area},
                    {"x_ttx_session", in.meta.id},
                    {"x_ttx_scenario", in.scenario.id},
                    {"x_ttx_action_number", a.number},
                    {"x_ttx_action_key", a.key},
                    {"x_ttx_source", a.source},
                    {"x_ttx_status", to_string(a.status)}};
        auto set = [&](const char* key, const std::string& v) {
            if (!v.empty()) coa[key] = v;
        };
        set("x_ttx_capability", names.capability(a.capability));
        set("x_ttx_team", a.team.empty() ? "" : names.team(a.team));
        set("x_ttx_organisation", a.organisation);
        set("x_ttx_owner", a.owner);
        set("x_ttx_start", a.start);
        set("x_ttx_due", a.due);
        // An ATT&CK mitigation or detection strategy is named by its id.
        if (a.source == "attack" && a.key.rfind("attack:", 0) == 0) {
            const std::string id = a.key.substr(7);
            json ref = {{"source_name", "mitre-attack"}, {"external_id", id}};
            if (id.rfind("M", 0) == 0) {
                ref["url"] = "https://attack.mitre.org/mitigations/" + id + "/";
                if (const attack::Mitigation* m = cat.mitigation(id)) ref["description"] = m->name;
            }
            coa["external_references"] = json::array({ref});
        }
        objects.push_back(std::move(coa));
    }
    json bundle = {{"type", "bundle"},
                   {"id", "bundle--" + uuid_v5(kStixNamespace, in.meta.id + "/improvement-plan")},
                   {"objects", std::move(objects)}};
    return bundle.dump(2) + "\n";
}

} // namespace sim::report
