// sim/kit/kit.hpp — the paper exercise kit for a scenario, as self-contained
// HTML documents: the situation manual (SITMAN) for participants, the
// facilitator and evaluator handbook, inject cards, one exercise evaluation
// guide (EEG) per objective and the participant feedback form.
//
// Pure: a scenario in, HTML strings out (inline CSS with A4 print rules, no
// script, nothing fetched). Every scenario text is escaped; Markdown goes
// through sim/report/markdown_text (no raw HTML, no live links). What may
// reach participants (SITMAN, cards, feedback form) never carries
// expectations, benign markers, red moves or option consequences and ratings.
// `ttx kit` (cli/cmd_kit.cpp) writes the files and prints them to PDF.
#pragma once

#include <string>
#include <vector>

#include "sim/attack/catalog.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::kit {

enum class Audience { participants, facilitators };

struct Document {
    std::string file;                   // "sitman.html", "eeg-01-obj-early.html", … (safe file names)
    std::string title;                  // as listed in the index
    Audience audience = Audience::participants;
    std::string html;                   // a whole HTML document
};

// Every document of the kit, the index (index.html) first. `catalog` names
// techniques in the handbook; nullptr leaves the ids bare.
[[nodiscard]] std::vector<Document> render(const Scenario& s, const attack::Catalog* catalog = nullptr);

// The single documents (render() calls these).
[[nodiscard]] std::string situation_manual(const Scenario& s);
[[nodiscard]] std::string handbook(const Scenario& s, const attack::Catalog* catalog = nullptr);
[[nodiscard]] std::string inject_cards(const Scenario& s);
// One EEG: the objective's critical tasks; nullptr = the expectations that serve no objective.
[[nodiscard]] std::string evaluation_guide(const Scenario& s, const Objective* objective);
[[nodiscard]] std::string feedback_form(const Scenario& s);

// The marker index.html carries, so `ttx kit` knows a folder it may replace.
inline constexpr const char* kGeneratorMeta = R"(<meta name="generator" content="ttx kit">)";

} // namespace sim::kit
