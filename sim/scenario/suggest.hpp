// sim/scenario/suggest.hpp — "did you mean …?" for misspelt keys and ids.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sim {

// Edit distance: insert, delete, substitute and swapping two neighbours all cost 1.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible
// typo (one edit for words of up to 3 characters, else max(2, |word|/3)); "" otherwise.
[[nodiscard]] std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

// "did you mean 'x'?" or "" when nothing is close.
[[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c" (for "allowed: …" hints).
[[nodiscard]] std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

} // namespace sim
