// sim/report/navigator.cpp — an ATT&CK Navigator layer (format 4.5) coloured by
// how the defenders fared against each technique the exercise executed.
// Scores: blocked 100, alerted 75, logged 40, none 0 (purple outcomes); else
// detected = the inject's mean rating points, covered by an earlier detection
// 50, missed 0 (docs/reports.md).
#include "sim/report/detail.hpp"

#include <cmath>
#include <map>

#include "sim/engine/adjudicate.hpp"

namespace sim::report {

using nlohmann::json;

namespace {

// What both layers share: versions, domain, layout, session metadata.
json layer_skeleton(const ReportInput& in, const std::string& name_suffix, const std::string& description,
                    json techniques) {
    std::string attack_major = in.scenario.attack.version.substr(0, in.scenario.attack.version.find('.'));
    if (attack_major.empty()) attack_major = "19";
    return {
        {"name", (in.scenario.title.empty() ? in.scenario.id : in.scenario.title) + " — " + in.meta.id + name_suffix},
        {"versions", {{"attack", attack_major}, {"navigator", "5.1.0"}, {"layer", "4.5"}}},
        {"domain", in.scenario.attack.domain.empty() ? "enterprise-attack" : in.scenario.attack.domain},
        {"description", description},
        {"sorting", 3},
        {"layout",
         {{"layout", "side"}, {"showID", true}, {"showName", true}, {"showAggregateScores", false},
          {"countUnscored", false}, {"aggregateFunction", "average"}, {"expandedSubtechniques", "annotated"}}},
        {"hideDisabled", false},
        {"techniques", std::move(techniques)},
        {"showTacticRowBackground", false},
        {"tacticRowBackground", "#dddddd"},
        {"selectTechniquesAcrossTactics", true},
        {"selectSubtechniquesWithParent", false},
        {"selectVisibleTechniques", false},
        {"metadata",
         json::array({{{"name", "session"}, {"value", in.meta.id}},
                      {{"name", "scenario"}, {"value", in.scenario.id + " v" + in.scenario.version}},
                      {{"name", "mode"}, {"value", in.card.mode}},
                      {{"name", "generator"}, {"value", "ttx"}}})},
        {"links", json::array()}};
}

std::string dump(const json& layer) { return layer.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

} // namespace

std::string render_navigator(const ReportInput& in) {
    const auto outcomes = detail::technique_outcomes(in);
    json techniques = json::array();
    for (const auto& o : outcomes) {
        json t = {{"techniqueID", o.technique}};
        if (!o.tactic.empty()) t["tactic"] = o.tactic;
        if (o.score) {
            t["score"] = std::round(*o.score * 10) / 10;   // one decimal is plenty for a colour scale
            t["color"] = detail::score_color(*o.score);
        }
        t["comment"] = o.comment;
        t["enabled"] = true;
        json meta = json::array();
        meta.push_back({{"name", "outcome"}, {"value", o.outcome}});
        if (!o.stage.empty()) meta.push_back({{"name", "stage"}, {"value", o.stage}});
        if (!o.inject.empty()) meta.push_back({{"name", "inject"}, {"value", o.inject}});
        t["metadata"] = meta;
        t["links"] = json::array();
        t["showSubtechniques"] = false;
        techniques.push_back(std::move(t));
    }

    const auto& c = in.card;
    std::string description = "Exercise outcome per ATT&CK technique for session " + in.meta.id + " (" + c.mode +
                              " mode). Score 100 = blocked or detected without challenges, 0 = missed.";
    if (c.readiness.index)
        description += " Readiness " + detail::score_text(c.readiness.index) + ", maturity level " +
                       std::to_string(c.readiness.level) + " (" + scoring::maturity_name(c.readiness.level) + ").";
    json layer = layer_skeleton(in, "", description, techniques);
    layer["gradient"] = {{"colors", {"#d73027", "#fee08b", "#1a9850"}}, {"minValue", 0}, {"maxValue", 100}};
    layer["legendItems"] =
        json::array({{{"label", "Blocked / detected without challenges (100)"}, {"color", "#1a9850"}},
                     {{"label", "Alerted / detected with some challenges (75)"}, {"color", detail::score_color(75)}},
                     {{"label", "Covered by an earlier detection (50)"}, {"color", detail::score_color(50)}},
                     {{"label", "Logged only / major challenges (40)"}, {"color", detail::score_color(40)}},
                     {{"label", "Missed (0)"}, {"color", "#d73027"}}});
    return dump(layer);
}

std::string render_detections_layer(const ReportInput& in) {
    json techniques = json::array();
    for (const auto& g : technique_gaps(in)) {
        json t = {{"techniqueID", g.technique}};
        if (!g.tactic.empty()) t["tactic"] = g.tactic;
        t["score"] = g.gap == "missed" ? 0 : 50;
        t["color"] = g.gap == "missed" ? "#d73027" : "#fdae61";
        std::string comment = std::string(g.gap == "missed" ? "Missed" : "Caught late") + ". Detect with ";
        json meta = json::array({{{"name", "gap"}, {"value", g.gap}}});
        json links = json::array();
        for (size_t i = 0; i < g.detections.size(); ++i) {
            const auto& d = g.detections[i];
            comment += (i ? ", " : "") + d.id + " (" + d.name + ")";
            meta.push_back({{"name", "detection"}, {"value", d.id + " " + d.name}});
            for (const auto& dc : d.data_components)
                meta.push_back({{"name", "data component"}, {"value", dc.id + " " + dc.name}});
            links.push_back({{"label", d.id}, {"url", "https://attack.mitre.org/detectionstrategies/" + d.id + "/"}});
        }
        if (g.detections.empty()) comment += "no detection strategy in the catalog";
        comment += ".";
        if (!g.mitigations.empty()) {
            comment += " Mitigate with ";
            for (size_t i = 0; i < g.mitigations.size(); ++i) {
                comment += (i ? ", " : "") + g.mitigations[i].id + " (" + g.mitigations[i].name + ")";
                meta.push_back({{"name", "mitigation"}, {"value", g.mitigations[i].id + " " + g.mitigations[i].name}});
            }
            comment += ".";
        }
        t["comment"] = comment;
        t["enabled"] = true;
        t["metadata"] = meta;
        t["links"] = links;
        t["showSubtechniques"] = false;
        techniques.push_back(std::move(t));
    }
    json layer = layer_skeleton(in, " — recommended detections",
                                "The techniques session " + in.meta.id +
                                    " missed or caught late, each with the ATT&CK detection strategies, data "
                                    "components and mitigations recommended to close the gap (ttx improvement plan).",
                                techniques);
    layer["gradient"] = {{"colors", {"#d73027", "#fdae61"}}, {"minValue", 0}, {"maxValue", 50}};
    layer["legendItems"] = json::array({{{"label", "Missed: build the detection"}, {"color", "#d73027"}},
                                        {{"label", "Caught late: tune the detection"}, {"color", "#fdae61"}}});
    return dump(layer);
}

// What the posture covers: each technique the engine's adjudication rules
// (sim/engine/adjudicate.hpp) would block, alert on or log with no flag set and
// every control working, so the layer says what the profile can do, beside
// render_navigator's layer of what the exercise did.
std::string render_posture_layer(const ReportInput& in) {
    const attack::Catalog& cat = in.catalog ? *in.catalog : attack::builtin_catalog();
    std::map<std::string, std::string> executed;   // technique -> the exercise's outcome
    for (const auto& o : detail::technique_outcomes(in)) executed.emplace(o.technique, o.outcome);
    const std::map<std::string, std::pair<int, const char*>> look = {
        {"blocked", {100, "Blocked by mitigation "}}, {"alerted", {75, "Alerted by "}}, {"logged", {40, "Logged by "}}};
    json techniques = json::array();
    std::map<std::string, int> counts;
    const Posture* posture = in.scenario.posture ? &*in.scenario.posture : nullptr;
    if (posture)
        for (const auto& [id, tech] : cat.techniques()) {
            if (tech.status != attack::Status::active) continue;
            RedMove probe;
            probe.id = probe.technique = id;
            const Adjudication a = adjudicate(*posture, probe, {}, cat, [] { return std::uint64_t{0}; });
            const auto it = look.find(a.outcome);
            if (it == look.end()) continue;   // none: the posture does not see it
            ++counts[a.outcome];
            json t = {{"techniqueID", id},
                      {"score", it->second.first},
                      {"color", detail::score_color(it->second.first)},
                      {"comment", it->second.second + a.control + "."}};
            json meta = json::array({{{"name", "posture"}, {"value", a.outcome}}, {{"name", "control"}, {"value", a.control}}});
            if (auto ex = executed.find(id); ex != executed.end()) {
                t["comment"] = t["comment"].get<std::string>() + " Executed in this exercise: " + ex->second + ".";
                meta.push_back({{"name", "exercise"}, {"value", ex->second}});
            }
            t["enabled"] = true;
            t["metadata"] = meta;
            t["links"] = json::array();
            t["showSubtechniques"] = false;
            techniques.push_back(std::move(t));
        }
    const std::string who = !posture ? std::string("The scenario declares no posture")
                            : !posture->name.empty() ? posture->name
                            : !posture->id.empty()   ? posture->id
                                                     : std::string("The scenario's posture");
    std::string description =
        posture ? who + ": the ATT&CK techniques its mitigations block (" + std::to_string(counts["blocked"]) +
                      "), its detections alert on (" + std::to_string(counts["alerted"]) +
                      ") and its telemetry only logs (" + std::to_string(counts["logged"]) +
                      "), every control assumed to work. Compare with the exercise layer (--format navigator)."
                : who + " (posture: in the scenario or its organisation profile), so it covers no technique.";
    json layer = layer_skeleton(in, " — posture", description, techniques);
    layer["gradient"] = {{"colors", {"#d73027", "#fee08b", "#1a9850"}}, {"minValue", 0}, {"maxValue", 100}};
    layer["legendItems"] = json::array({{{"label", "Blocked by a mitigation (100)"}, {"color", detail::score_color(100)}},
                                        {{"label", "Alerted by a detection (75)"}, {"color", detail::score_color(75)}},
                                        {{"label", "Logged by collected telemetry (40)"}, {"color", detail::score_color(40)}}});
    layer["metadata"].push_back({{"name", "posture"}, {"value", posture ? (posture->id.empty() ? "inline" : posture->id) : "none"}});
    return dump(layer);
}

} // namespace sim::report
