// sim/attack/json_text.cpp — see json_text.hpp.
#include "sim/attack/json_text.hpp"

#include <algorithm>

namespace sim::attack::detail {

TextPosition position_of(const std::string& text, std::size_t offset) {
    offset = std::min(offset, text.size());
    TextPosition pos;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            line_start = i + 1;
        }
    }
    pos.column = offset - line_start + 1;
    return pos;
}

namespace {

std::string located(const std::string& name, const std::string& text, std::size_t offset,
                    const std::string& what) {
    TextPosition p = position_of(text, offset);
    return name + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + what;
}

// Offset of the first bracket nested deeper than kMaxJsonDepth, or npos. Strings
// are skipped so brackets inside them do not count. Checked before parsing so
// a hostile document is refused with a position instead of being built.
std::size_t too_deep_at(const std::string& text) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::string::npos;
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error
// at line 1, column 2: "; keep only the part after the last ": " prefix we know.
std::string short_message(const char* what) {
    std::string s(what);
    const std::string marker = "parse error";
    if (auto p = s.find(marker); p != std::string::npos) {
        if (auto colon = s.find(": ", p); colon != std::string::npos) return s.substr(colon + 2);
    }
    return s;
}

} // namespace

std::optional<nlohmann::json> parse_json(const std::string& text, const std::string& name, std::string& error,
                                         const nlohmann::json::parser_callback_t& filter) {
    if (std::size_t at = too_deep_at(text); at != std::string::npos) {
        error = located(name, text, at,
                        "JSON nested more than " + std::to_string(kMaxJsonDepth) + " levels deep; refusing it");
        return std::nullopt;
    }
    try {
        return nlohmann::json::parse(text, filter);
    } catch (const nlohmann::json::parse_error& e) {
        std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        error = located(name, text, offset, "invalid JSON: " + short_message(e.what()));
    } catch (const std::exception& e) {
        error = name + ": invalid JSON: " + e.what();
    }
    return std::nullopt;
}

std::optional<std::string> get_string(const nlohmann::json& obj, const char* key) {
    if (!obj.is_object()) return std::nullopt;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

bool get_bool(const nlohmann::json& obj, const char* key, bool fallback) {
    if (!obj.is_object()) return fallback;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_boolean()) return fallback;
    return it->get<bool>();
}

} // namespace sim::attack::detail
