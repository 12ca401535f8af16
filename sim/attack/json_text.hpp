// sim/attack/json_text.hpp — parsing untrusted JSON text with positioned errors.
//
// Shared by the user-catalog reader and the STIX importer: never throws, turns
// nlohmann's byte offset into "name:line:col: ...", and rejects documents
// nested deeper than any ATT&CK file is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sim::attack::detail {

inline constexpr std::size_t kMaxJsonDepth = 64;

// 1-based line and column of the byte at 0-based `offset` in `text`.
struct TextPosition {
    std::size_t line = 1;
    std::size_t column = 1;
};
[[nodiscard]] TextPosition position_of(const std::string& text, std::size_t offset);

// Parses `text`; on failure returns nullopt and sets `error` to
// "<name>:<line>:<col>: <what is wrong>". `filter` is nlohmann's parser
// callback: returning false drops a value while parsing (saves memory).
[[nodiscard]] std::optional<nlohmann::json> parse_json(const std::string& text, const std::string& name,
                                                       std::string& error,
                                                       const nlohmann::json::parser_callback_t& filter = nullptr);

// Typed lookups that never throw: nullopt/empty when absent or of another type.
[[nodiscard]] std::optional<std::string> get_string(const nlohmann::json& obj, const char* key);
[[nodiscard]] bool get_bool(const nlohmann::json& obj, const char* key, bool fallback = false);

} // namespace sim::attack::detail
