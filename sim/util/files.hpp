// sim/util/files.hpp — reading files with a size limit, writing them atomically, hashing.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace sim {

// Reads a whole file. Returns nullopt and sets `error` (a sentence) if it
// cannot be read or is larger than `max_bytes`.
[[nodiscard]] std::optional<std::string> read_file(const std::string& path, std::size_t max_bytes,
                                                   std::string& error);

// Writes `content` to a temporary file beside `path`, flushes it to disk and
// renames it over `path`, so an existing file is never left half-written.
// Returns false and sets `error` on failure (the old file is untouched).
[[nodiscard]] bool write_file_atomic(const std::string& path, const std::string& content,
                                     std::string& error, unsigned mode = 0644);

// Lower-case hex SHA-256 (OpenSSL EVP).
[[nodiscard]] std::string sha256_hex(const std::string& data);

} // namespace sim
