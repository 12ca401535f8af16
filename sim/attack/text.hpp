// sim/attack/text.hpp — small string helpers shared by the catalog's readers.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace sim::attack::detail {

inline std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

inline std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

inline std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    return s.substr(i);
}

// Every piece between separators, empty ones included.
inline std::vector<std::string> split(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t p = s.find(sep, start);
        out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
        if (p == std::string::npos) return out;
        start = p + sep.size();
    }
}

// A list column: trimmed items, empty ones dropped ("a, b,," -> {a, b}).
inline std::vector<std::string> split_list(const std::string& s, const std::string& sep = ",") {
    std::vector<std::string> out;
    for (auto& item : split(s, sep))
        if (std::string t = trim(item); !t.empty()) out.push_back(std::move(t));
    return out;
}

inline void sort_unique(std::vector<std::string>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

} // namespace sim::attack::detail
