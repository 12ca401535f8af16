// sim/engine/event.cpp — the event codec: typed payloads to stored JSON and back.
//
// One table per kind (each_field) names every stored field, its member and
// whether it is required; the encoder and the SAX decoder both walk it, so
// the two cannot disagree about a field.
#include "sim/engine/event.hpp"

#include <array>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sim {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, std::variant_size_v<EventData>> kKinds = {
    "session.started", "briefing.started", "exercise.running", "clock.advanced",  "inject.delivered",
    "inject.skipped",  "inject.status",    "decision.recorded", "expectation.rated", "note.added",
    "red.move",        "purple.outcome",   "exercise.paused",  "exercise.resumed", "exercise.ended",
    "hotwash.started", "session.closed",   "entry.retracted",  "red.adjudicated", "red.hunt",
    "red.override", "decision.signed", "feedback.recorded"};

// How a field is stored: required (decoding refuses its absence), optional
// (absent or null reads as the default; always written), or written only when
// it holds something (an optional that is set, a non-empty string).
enum class Presence { required, optional, when_set };

// Calls f(key, member, presence) for every stored field of payload `e`
// (const or not, so one table serves encoding and decoding).
template <class P, class F>
void each_field(P& e, F&& f) {
    using T = std::remove_const_t<P>;
    constexpr auto req = Presence::required, opt = Presence::optional, when_set = Presence::when_set;
    if constexpr (std::is_same_v<T, ev::SessionStarted>) {
        f("scenario", e.scenario, req);
        f("scenario_sha256", e.scenario_sha256, opt);
        f("seed", e.seed, req);
        f("mode", e.mode, req);
        f("practice", e.practice, opt);
        f("participants", e.participants, opt);
        f("scoring_model", e.scoring_model, when_set);
    } else if constexpr (std::is_same_v<T, ev::ClockAdvanced>) {
        f("from", e.from, req);
        f("to", e.to, req);
    } else if constexpr (std::is_same_v<T, ev::InjectDelivered>) {
        f("inject", e.inject, req);
        f("stage", e.stage, opt);
        f("teams", e.teams, opt);
        f("cause", e.cause, opt);
        f("set", e.set, when_set);
        f("clear", e.clear, when_set);
    } else if constexpr (std::is_same_v<T, ev::InjectSkipped>) {
        f("inject", e.inject, req);
        f("reason", e.reason, opt);
    } else if constexpr (std::is_same_v<T, ev::StatusSet>) {
        f("inject", e.inject, req);
        f("team", e.team, req);
        f("status", e.status, req);
        f("participant", e.participant, opt);
        f("role", e.role, opt);
    } else if constexpr (std::is_same_v<T, ev::DecisionRecorded>) {
        f("inject", e.inject, req);
        f("option", e.option, req);
        f("team", e.team, opt);
        f("role", e.role, opt);
        f("participant", e.participant, opt);
        f("rationale", e.rationale, opt);
        f("timed_out", e.timed_out, opt);
        f("automated", e.automated, opt);
        f("set", e.set, opt);
        f("clear", e.clear, opt);
    } else if constexpr (std::is_same_v<T, ev::ExpectationRated>) {
        f("expectation", e.expectation, req);
        f("rating", e.rating, req);
        f("note", e.note, opt);
        f("source", e.source, req);
        f("by", e.by, opt);
        f("inject", e.inject, opt);
        f("option", e.option, opt);
        f("at", e.at, when_set);
    } else if constexpr (std::is_same_v<T, ev::NoteAdded>) {
        f("text", e.text, req);
        f("author", e.author, opt);
        f("role", e.role, opt);
        f("action", e.action, opt);
        f("inject", e.inject, when_set);
        f("objective", e.objective, when_set);
    } else if constexpr (std::is_same_v<T, ev::RedMove>) {
        f("stage", e.stage, req);
        f("move", e.move, req);
        f("technique", e.technique, opt);
        f("drawn", e.drawn, opt);
    } else if constexpr (std::is_same_v<T, ev::PurpleObserved>) {
        f("technique", e.technique, req);
        f("outcome", e.outcome, req);
        f("detected_at", e.detected_at, opt);
        f("team", e.team, opt);
        f("note", e.note, opt);
    } else if constexpr (std::is_same_v<T, ev::ExerciseEnded>) {
        f("ending", e.ending, opt);
        f("reason", e.reason, opt);
        f("note", e.note, opt);
    } else if constexpr (std::is_same_v<T, ev::EntryRetracted>) {
        f("seq", e.seq, req);
        f("reason", e.reason, opt);
    } else if constexpr (std::is_same_v<T, ev::RedAdjudicated>) {
        f("stage", e.stage, req);
        f("move", e.move, req);
        f("technique", e.technique, opt);
        f("outcome", e.outcome, req);
        f("source", e.source, req);
        f("control", e.control, opt);
        f("rolls", e.rolls, opt);
    } else if constexpr (std::is_same_v<T, ev::HuntRun>) {
        f("team", e.team, req);
        f("telemetry", e.telemetry, req);
        f("scope", e.scope, opt);
        f("revealed", e.revealed, opt);
        f("rolls", e.rolls, opt);
    } else if constexpr (std::is_same_v<T, ev::OutcomeOverridden>) {
        f("stage", e.stage, req);
        f("move", e.move, req);
        f("outcome", e.outcome, req);
        f("reason", e.reason, req);
        f("by", e.by, opt);
    } else if constexpr (std::is_same_v<T, ev::DecisionSigned>) {
        f("inject", e.inject, req);
        f("option", e.option, req);
        f("team", e.team, req);
        f("role", e.role, opt);
        f("participant", e.participant, opt);
        f("rationale", e.rationale, opt);
        f("parties", e.parties, opt);
    } else if constexpr (std::is_same_v<T, ev::FeedbackRecorded>) {
        f("respondent", e.respondent, opt);
        f("team", e.team, opt);
        f("role", e.role, opt);
        f("questions", e.questions, req);
        f("answers", e.answers, req);
    }
    // The other kinds carry no fields.
}

// ---- encoding ---------------------------------------------------------------------

json participant_json(const Participant& p) { return {{"name", p.name}, {"team", p.team}, {"role", p.role}}; }

struct Encoder {
    json& out;
    template <class V>
    void operator()(const char* key, const V& v, Presence presence) {
        if constexpr (std::is_same_v<V, std::optional<ExTime>>) {
            if (v) out[key] = *v;
            else if (presence != Presence::when_set) out[key] = nullptr;
        } else if constexpr (std::is_same_v<V, std::vector<Participant>>) {
            json list = json::array();
            for (const auto& p : v) list.push_back(participant_json(p));
            out[key] = std::move(list);
        } else if constexpr (std::is_same_v<V, std::string>) {
            if (presence != Presence::when_set || !v.empty()) out[key] = v;
        } else if constexpr (std::is_same_v<V, std::int64_t>) {
            if (presence != Presence::when_set || v != 0) out[key] = v;
        } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
            if (presence != Presence::when_set || !v.empty()) out[key] = v;
        } else {
            out[key] = v;
        }
    }
};

// ---- decoding (SAX: no tree) ------------------------------------------------------

// Where the value of the current top-level key goes.
using Slot = std::variant<std::string*, bool*, std::int64_t*, std::uint64_t*, std::optional<ExTime>*,
                          std::vector<std::string>*, std::vector<Participant>*>;

struct FieldSlot {
    const char* key;
    Slot slot;
    Presence presence;
    bool seen = false;
};

// A payload's slots, on the stack: decoding runs once per stored event.
struct FieldSlots {
    std::array<FieldSlot, 12> items{};      // the most fields a kind has is 10 (decision.recorded)
    std::size_t size = 0;
    void push(FieldSlot f) {
        if (size == items.size()) throw std::logic_error("event.cpp: a payload has more fields than FieldSlots holds");
        items[size++] = f;
    }
    FieldSlot* begin() { return items.data(); }
    FieldSlot* end() { return items.data() + size; }
};

class Decoder {
public:
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    Decoder(std::int64_t seq, std::string_view kind, FieldSlots& fields)
        : seq_(seq), kind_(kind), fields_(fields) {}

    // ---- the SAX interface (false stops the parse) ----
    bool null() { return scalar([&] { return current_->presence != Presence::required; }); }
    bool boolean(bool v) { return scalar([&] { return assign<bool>(v); }); }
    bool number_integer(number_integer_t v) {
        return scalar([&] { return assign<std::int64_t>(v) || assign<std::optional<ExTime>>(v); });
    }
    bool number_unsigned(number_unsigned_t v) {
        constexpr auto kMax = static_cast<number_unsigned_t>(std::numeric_limits<std::int64_t>::max());
        return scalar([&] {
            return assign<std::uint64_t>(v) ||
                   (v <= kMax && (assign<std::int64_t>(static_cast<std::int64_t>(v)) ||
                                  assign<std::optional<ExTime>>(static_cast<ExTime>(v))));
        });
    }
    bool number_float(number_float_t, const string_t&) { return scalar([] { return false; }); }
    bool binary(binary_t&) { return scalar([] { return false; }); }
    bool string(string_t& v) {
        if (depth_ == 0) return top_not_object();
        switch (at()) {
        case At::ignored: return true;
        case At::field: return assign<std::string>(v) || wrong();
        case At::list_item:
            if (auto** list = std::get_if<std::vector<std::string>*>(&current_->slot)) {
                (*list)->push_back(v);
                return true;
            }
            return wrong();
        case At::person_field: *person_field_ = v; return true;
        }
        return true;
    }
    bool start_object(std::size_t) {
        if (depth_ == 0) return ++depth_, true;     // the payload itself
        At a = at();
        ++depth_;
        if (a == At::ignored) return true;
        if (a == At::list_item)
            if (auto** people = std::get_if<std::vector<Participant>*>(&current_->slot)) {
                person_ = &(*people)->emplace_back();
                return true;
            }
        return wrong();
    }
    bool key(string_t& k) {
        if (depth_ == 1) {
            current_ = nullptr;
            for (auto& f : fields_)
                if (k == f.key) {
                    current_ = &f;
                    break;
                }
            if (!current_) return true;
            current_->seen = true;
            // A repeated key replaces the earlier value, as in a parsed tree.
            if (auto** list = std::get_if<std::vector<std::string>*>(&current_->slot)) (*list)->clear();
            if (auto** people = std::get_if<std::vector<Participant>*>(&current_->slot)) (*people)->clear();
        } else if (depth_ == 3 && person_) {
            person_field_ = k == "name" ? &person_->name : k == "team" ? &person_->team : k == "role" ? &person_->role : nullptr;
        }
        return true;
    }
    bool end_object() {
        if (--depth_ == 2) {
            person_ = nullptr;
            person_field_ = nullptr;
        }
        return true;
    }
    bool start_array(std::size_t) {
        if (depth_ == 0) return top_not_object();
        At a = at();
        ++depth_;
        if (a == At::ignored) return true;
        if (a == At::field && (std::holds_alternative<std::vector<std::string>*>(current_->slot) ||
                               std::holds_alternative<std::vector<Participant>*>(current_->slot))) {
            in_list_ = true;
            return true;
        }
        return wrong();
    }
    bool end_array() {
        if (--depth_ == 1) in_list_ = false;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& x) {
        if (error_.empty()) error_ = fmt::format("event {} ({}): the payload is not valid JSON ({})", seq_, kind_, x.what());
        return false;
    }

    [[nodiscard]] const std::string& error() const { return error_; }

private:
    // Where a value read now belongs.
    enum class At { ignored, field, list_item, person_field };
    [[nodiscard]] At at() const {
        if (depth_ == 1) return current_ ? At::field : At::ignored;
        if (depth_ == 2 && in_list_) return At::list_item;          // only known list fields set in_list_
        if (depth_ == 3 && person_field_) return At::person_field;
        return At::ignored;
    }

    // A non-string scalar: stored by `store` when it fits the current field.
    template <class F>
    bool scalar(F&& store) {
        if (depth_ == 0) return top_not_object();
        switch (at()) {
        case At::ignored: return true;
        case At::field: return store() || wrong();
        default: return wrong();        // list items and participant fields are strings
        }
    }

    template <class V, class X>
    bool assign(X&& v) {
        auto** p = std::get_if<V*>(&current_->slot);
        if (!p) return false;
        **p = std::forward<X>(v);
        return true;
    }

    bool top_not_object() {
        if (error_.empty()) error_ = fmt::format("event {} ({}): the payload must be a JSON object", seq_, kind_);
        return false;
    }

    bool wrong() {
        if (!error_.empty()) return false;
        const char* what = "a string";
        std::visit([&](auto p) {
            using V = std::remove_pointer_t<decltype(p)>;
            if constexpr (std::is_same_v<V, bool>) what = "true or false";
            else if constexpr (std::is_same_v<V, std::int64_t>) what = "an integer";
            else if constexpr (std::is_same_v<V, std::uint64_t>) what = "a non-negative integer";
            else if constexpr (std::is_same_v<V, std::optional<ExTime>>) what = "an integer or null";
            else if constexpr (std::is_same_v<V, std::vector<std::string>>) what = "a list of strings";
            else if constexpr (std::is_same_v<V, std::vector<Participant>>)
                what = "a list of {name, team, role} objects of strings";
        }, current_->slot);
        error_ = fmt::format("event {} ({}): field '{}' must be {}", seq_, kind_, current_->key, what);
        return false;
    }

    std::int64_t seq_;
    std::string_view kind_;
    FieldSlots& fields_;
    FieldSlot* current_ = nullptr;      // the top-level field being read (nullptr: an unknown one, ignored)
    int depth_ = 0;                     // 1 inside the payload object
    bool in_list_ = false;              // inside the current field's list
    Participant* person_ = nullptr;     // inside one participants entry
    std::string* person_field_ = nullptr;
    std::string error_;
};

template <class P>
EventData decode_payload(std::int64_t seq, std::string_view kind, std::string_view text) {
    P p{};
    FieldSlots fields;
    each_field(p, [&](const char* key, auto& member, Presence presence) { fields.push({key, &member, presence}); });
    Decoder d(seq, kind, fields);
    bool ok = json::sax_parse(text.begin(), text.end(), &d);
    if (!ok || !d.error().empty())
        throw JournalError(d.error().empty() ? fmt::format("event {} ({}): the payload is not valid JSON", seq, kind)
                                             : d.error());
    for (const auto& f : fields)
        if (f.presence == Presence::required && !f.seen)
            throw JournalError(fmt::format("event {} ({}): required field '{}' is missing", seq, kind, f.key));
    return p;
}

template <std::size_t... I>
EventData decode_by_index(std::size_t index, std::int64_t seq, std::string_view kind, std::string_view text,
                          std::index_sequence<I...>) {
    using Fn = EventData (*)(std::int64_t, std::string_view, std::string_view);
    static constexpr Fn kDecoders[] = {&decode_payload<std::variant_alternative_t<I, EventData>>...};
    return kDecoders[index](seq, kind, text);
}

} // namespace

std::string_view event_kind(std::size_t index) { return index < kKinds.size() ? kKinds[index] : "?"; }
std::string_view event_kind(const EventData& d) { return kKinds[d.index()]; }

std::string encode_data(const EventData& d) {
    json out = json::object();
    std::visit([&](const auto& p) { each_field(p, Encoder{out}); }, d);
    return out.dump();
}

Event decode_event(std::int64_t seq, ExTime t, std::int64_t wall_ms, std::string_view kind, std::string_view data_json) {
    for (std::size_t i = 0; i < kKinds.size(); ++i)
        if (kKinds[i] == kind)
            return {seq, t, wall_ms,
                    decode_by_index(i, seq, kind, data_json, std::make_index_sequence<std::variant_size_v<EventData>>{})};
    throw JournalError(fmt::format("event {}: unknown event kind '{}'", seq, kind));
}

} // namespace sim
