// sim/scenario/yaml_reader.hpp — the diagnosing YAML reader that scenario files
// and decision scripts share.
//
// parse_yaml_document() checks hostile text in two passes (bytes: NUL,
// control characters, UTF-8; then the parser's events: nesting depth, alias
// count, string length, one document), building the node tree from the
// events as they pass, so the text is parsed once. YamlReader walks the
// tree: every key checked against the allowed ones (unknown keys get the
// nearest name, duplicate keys name the first), every value against its type,
// with a visit budget that bounds alias expansion. Problems are collected as
// `file:line:col: error: message (hint)`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/suggest.hpp"

namespace sim::yaml {

using Keys = std::vector<std::string>;

// Thrown when reading stops (diagnostic limit, alias budget); the diagnostic is recorded.
struct Abort {};

struct Field {
    YAML::Node key;
    YAML::Node value;
};
using Fields = std::map<std::string, Field>;

[[nodiscard]] SourcePos pos(const YAML::Node& n);
[[nodiscard]] SourcePos mark_pos(const YAML::Mark& m);
// "nothing", "a single value", "a list", "a map".
[[nodiscard]] const char* kind_name(const YAML::Node& n);
// An id's spelling, [A-Za-z0-9][A-Za-z0-9_-]* (checked by hand: std::regex is slow per value).
[[nodiscard]] bool is_id(std::string_view t);

struct Document {
    YAML::Node root;                    // undefined or null for an empty file
    long nodes = 0;                     // nodes as written (aliases unexpanded)
};

// The byte pass, then the event pass that builds the tree. `what` names the file's kind in
// messages ("scenario", "decision script"). nullopt when a diagnostic was recorded.
[[nodiscard]] std::optional<Document> parse_yaml_document(const std::string& text, const std::string& name,
                                                          const std::string& what, Diagnostics& diags);

class YamlReader {
public:
    YamlReader(std::string file, Diagnostics& diags, long budget)
        : file_(std::move(file)), diags_(diags), budget_(budget) {}

    void error(const YAML::Node& n, std::string code, std::string msg, std::string hint = {}) {
        error_at(pos(n), std::move(code), std::move(msg), std::move(hint));
    }
    void error_at(SourcePos p, std::string code, std::string msg, std::string hint = {});
    // Counts a node against the alias-expansion budget (throws Abort past it).
    void visit(const YAML::Node& n);

    // The keys of a map, each checked against `allowed` (nearest-name hint) and for duplicates.
    [[nodiscard]] std::optional<Fields> fields(const YAML::Node& n, const Keys& allowed, const std::string& what);
    bool require(const Fields& f, const YAML::Node& map, const std::string& key, const std::string& what);
    [[nodiscard]] static const YAML::Node* get(const Fields& f, const std::string& key);
    [[nodiscard]] std::vector<YAML::Node> items(const YAML::Node& n, const std::string& what, std::size_t max = 0,
                                                const std::string& max_hint = {});

    [[nodiscard]] std::optional<std::string> text(const YAML::Node& n, const std::string& what);
    [[nodiscard]] std::optional<std::string> ident(const YAML::Node& n, const std::string& what);
    // true/false, yes/no, on/off, y/n in any of YAML's spellings.
    [[nodiscard]] std::optional<bool> boolean(const YAML::Node& n, const std::string& what);
    [[nodiscard]] std::optional<double> weight(const YAML::Node& n, const std::string& what);
    [[nodiscard]] std::optional<ExTime> duration(const YAML::Node& n, const std::string& what);
    [[nodiscard]] std::optional<ExTime> offset(const YAML::Node& n, const std::string& what);
    // One of `allowed` (nearest-name hint otherwise).
    template <class E>
    std::optional<E> choice(const YAML::Node& n, const std::string& what, const Keys& allowed,
                            std::optional<E> (*parse)(const std::string&)) {
        auto t = text(n, what);
        if (!t) return std::nullopt;
        if (auto e = parse(*t)) return e;
        std::string hint = "allowed: " + join(allowed);
        if (auto near = did_you_mean(*t, allowed); !near.empty()) hint = near + " " + hint;
        error(n, "bad-value", "unknown " + what + " '" + t->substr(0, 40) + "'", hint);
        return std::nullopt;
    }
    // A name that must be one of `known` (ids the scenario defines): "unknown <what> 'x'" with the nearest.
    // `context` follows the name in the message (" of inject 'x'").
    bool known_name(SourcePos p, const std::string& value, const std::string& what, const Keys& known,
                    const std::string& context = {});

    [[nodiscard]] const std::string& file() const { return file_; }
    [[nodiscard]] Diagnostics& diags() { return diags_; }

private:
    std::string file_;
    Diagnostics& diags_;
    long budget_;
    int reported_ = 0;
};

} // namespace sim::yaml
