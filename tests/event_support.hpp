// tests/event_support.hpp — typed events from their stored form, and back, for tests.
#pragma once

#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/engine/event.hpp"

namespace ttx_test {

// The event as the store would hand it out: decoded from kind + JSON payload.
inline sim::Event stored_event(std::int64_t seq, sim::ExTime t, std::string_view kind,
                               const nlohmann::json& data = nlohmann::json::object(), std::int64_t wall_ms = 0) {
    return sim::decode_event(seq, t, wall_ms, kind, data.dump());
}

// The payload as stored, for tests that read fields by name.
inline nlohmann::json payload(const sim::Event& e) { return nlohmann::json::parse(sim::encode_data(e.data)); }

} // namespace ttx_test
