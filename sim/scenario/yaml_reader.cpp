// sim/scenario/yaml_reader.cpp — see yaml_reader.hpp.
#include "sim/scenario/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/node/detail/iterator.h>
#include <yaml-cpp/node/detail/memory.h>
#include <yaml-cpp/node/detail/node.h>

#include "sim/scenario/limits.hpp"

namespace sim::yaml {

namespace {

// ---- pass 1: bytes -------------------------------------------------------------

struct BytePos {
    int line = 1;
    int col = 1;
};

// Returns false and describes the first byte that cannot belong to a UTF-8
// text file; `at` is where it is.
bool check_bytes(const std::string& text, std::string& what, BytePos& at) {
    int line = 1, col = 1;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    // A UTF-8 byte-order mark is harmless; skip it.
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
    while (i < n) {
        unsigned char c = p[i];
        if (c == '\n') {
            ++line;
            col = 1;
            ++i;
            continue;
        }
        std::size_t len = 1;
        if (c == 0) {
            what = "a NUL byte: this looks like a binary file, not YAML text";
        } else if (c < 0x20 && c != '\t' && c != '\r') {
            what = "control character 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                   "0123456789abcdef"[c & 15] + ": this looks like a binary file, not YAML text";
        } else if (c == 0x7F) {
            what = "control character 0x7f: this looks like a binary file, not YAML text";
        } else if (c >= 0x80) {
            unsigned min = 0;
            unsigned cp = 0;
            if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F, min = 0x80;
            else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F, min = 0x800;
            else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07, min = 0x10000;
            else len = 0;
            bool ok = len != 0 && i + len <= n;
            for (std::size_t k = 1; ok && k < len; ++k) {
                if ((p[i + k] & 0xC0) != 0x80) ok = false;
                else cp = (cp << 6) | (p[i + k] & 0x3F);
            }
            if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
            if (!ok) what = "invalid UTF-8: the file must be UTF-8 text";
        }
        if (!what.empty()) {
            at = {line, col};
            return false;
        }
        i += len;
        ++col;
    }
    return true;
}

// ---- pass 2: events, building the tree -------------------------------------------

struct PrescanStop {
    YAML::Mark mark;
    std::string message;
    std::string hint;
};

// Builds the node tree from the parser's events, as YAML::Load does, and
// stops early on anything that would make building or walking the tree
// expensive: the limits hold before the offending node is built, and the
// text is parsed once. yaml-cpp's own node builder is not public; the node
// and memory types it uses are (yaml-cpp/node/detail), and an iterator over a
// one-element sequence is the public way to hand a built node to YAML::Node.
class TreeBuilder final : public YAML::EventHandler {
public:
    long nodes = 0;
    int aliases = 0;

    TreeBuilder() : memory_(std::make_shared<YAML::detail::memory_holder>()) {}

    // The last document's root; a null node for an empty stream, as YAML::Load gives.
    [[nodiscard]] YAML::Node root() const {
        if (!root_) return YAML::Node();
        auto& holder = memory_->create_node();
        holder.set_type(YAML::NodeType::Sequence);
        holder.push_back(*root_, memory_);
        return *YAML::detail::iterator_base<YAML::detail::iterator_value>(holder.begin(), memory_);
    }

    void OnDocumentStart(const YAML::Mark&) override { anchors_.assign(1, nullptr); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override {
        ++nodes;
        auto& n = create(m, anchor);
        n.set_null();
        add(n);
    }
    void OnAlias(const YAML::Mark& m, YAML::anchor_t anchor) override {
        ++nodes;
        if (++aliases > limits::kMaxAliases)
            throw PrescanStop{m, "more than " + std::to_string(limits::kMaxAliases) + " YAML aliases",
                              "write the repeated content out; ttx limits aliases to keep alias bombs harmless"};
        add(*anchors_.at(anchor));
    }
    void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor, const std::string& v) override {
        ++nodes;
        if (v.size() > limits::kMaxString)
            throw PrescanStop{m, "a value of " + std::to_string(v.size()) + " bytes is longer than the limit of " +
                                     std::to_string(limits::kMaxString / 1024) + " KiB",
                              "split long narrative into separate injects or ship it as a file artifact"};
        auto& n = create(m, anchor);
        n.set_scalar(v);
        n.set_tag(tag);
        add(n);
    }
    void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override {
        open(m, tag, anchor, style, YAML::NodeType::Sequence);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override {
        open(m, tag, anchor, style, YAML::NodeType::Map);
    }
    void OnMapEnd() override { close(); }

private:
    // An open list or map; a map's key waits here until its value is complete.
    struct Open {
        YAML::detail::node* node;
        YAML::detail::node* key = nullptr;
    };
    YAML::detail::shared_memory_holder memory_;
    std::vector<YAML::detail::node*> anchors_;  // by the parser's number, from 1 in each document
    std::vector<Open> open_;
    YAML::detail::node* root_ = nullptr;

    YAML::detail::node& create(const YAML::Mark& m, YAML::anchor_t anchor) {
        auto& n = memory_->create_node();
        n.set_mark(m);
        if (anchor) anchors_.push_back(&n);     // registered before its content: as YAML::Load does
        return n;
    }
    void open(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value style,
              YAML::NodeType::value type) {
        ++nodes;
        if (open_.size() >= static_cast<std::size_t>(limits::kMaxDepth))
            throw PrescanStop{m, "nesting deeper than " + std::to_string(limits::kMaxDepth) + " levels",
                              "a ttx/1 scenario needs at most 6 levels; flatten the structure"};
        auto& n = create(m, anchor);
        n.set_tag(tag);
        n.set_type(type);
        n.set_style(style);
        open_.push_back({&n});
    }
    void close() {
        auto& n = *open_.back().node;
        open_.pop_back();
        add(n);
    }
    // A complete node joins the open list or map, or becomes the root.
    void add(YAML::detail::node& n) {
        if (open_.empty()) {
            root_ = &n;
            return;
        }
        Open& parent = open_.back();
        if (parent.node->type() == YAML::NodeType::Sequence) {
            parent.node->push_back(n, memory_);
        } else if (!parent.key) {
            parent.key = &n;
        } else {
            parent.node->insert(*parent.key, n, memory_);
            parent.key = nullptr;
        }
    }
};
} // namespace

bool is_id(std::string_view t) {
    auto alnum = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (t.empty() || !alnum(t[0])) return false;
    return std::all_of(t.begin() + 1, t.end(), [&](char c) { return alnum(c) || c == '_' || c == '-'; });
}

SourcePos pos(const YAML::Node& n) {
    if (!n.IsDefined()) return {};
    return mark_pos(n.Mark());
}

SourcePos mark_pos(const YAML::Mark& m) {
    if (m.is_null()) return {};
    return {m.line + 1, m.column + 1};
}

const char* kind_name(const YAML::Node& n) {
    switch (n.Type()) {
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return "a single value";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    default: return "an undefined value";
    }
}

std::optional<Document> parse_yaml_document(const std::string& text, const std::string& name,
                                            const std::string& what_file, Diagnostics& d) {
    std::string what;
    BytePos at;
    if (!check_bytes(text, what, at)) {
        d.error(name, at.line, at.col, "encoding", "not a text file: " + what,
                "save the " + what_file + " as UTF-8 YAML text");
        return std::nullopt;
    }

    Document doc;
    try {
        std::istringstream in(text);
        YAML::Parser parser(in);
        TreeBuilder tree;
        int documents = 0;
        while (parser.HandleNextDocument(tree)) {
            if (++documents > 1) {
                // Position: the start of the second document is not exposed; name the rule instead.
                d.error(name, 0, 0, "yaml-syntax", "the file holds more than one YAML document",
                        "keep one " + what_file + " per file; remove the extra '---' separator");
                return std::nullopt;
            }
        }
        doc.nodes = tree.nodes;
        doc.root = tree.root();
    } catch (const PrescanStop& stop) {
        auto p = mark_pos(stop.mark);
        d.error(name, p.line, p.col, "limit", stop.message, stop.hint);
        return std::nullopt;
    } catch (const YAML::Exception& e) {
        auto p = mark_pos(e.mark);
        d.error(name, p.line, p.col, "yaml-syntax", "YAML syntax error: " + e.msg,
                "check indentation, quoting and the ':' after each key");
        return std::nullopt;
    }
    return doc;
}

void YamlReader::error_at(SourcePos p, std::string code, std::string msg, std::string hint) {
    if (++reported_ > limits::kMaxDiagnostics) {
        diags_.error(file_, p.line, p.col, "limit",
                     "more than " + std::to_string(limits::kMaxDiagnostics) + " problems; stopped reading",
                     "fix the ones above and run `ttx validate` again");
        throw Abort{};
    }
    diags_.error(file_, p.line, p.col, std::move(code), std::move(msg), std::move(hint));
}

void YamlReader::visit(const YAML::Node& n) {
    // Only aliases can make the tree larger than what was written.
    if (--budget_ < 0) {
        error(n, "limit", "YAML aliases expand this file beyond " + std::to_string(limits::kMaxAliasExpansion) +
                              " extra nodes",
              "write the repeated content out instead of referring to it with aliases");
        throw Abort{};
    }
}

bool YamlReader::require(const Fields& f, const YAML::Node& map, const std::string& key, const std::string& what) {
    if (f.count(key)) return true;
    error(map, "missing-key", what + " is missing the required key '" + key + "'");
    return false;
}

const YAML::Node* YamlReader::get(const Fields& f, const std::string& key) {
    auto it = f.find(key);
    return it == f.end() ? nullptr : &it->second.value;
}

bool YamlReader::known_name(SourcePos p, const std::string& value, const std::string& what, const Keys& known,
                            const std::string& context) {
    if (std::find(known.begin(), known.end(), value) != known.end()) return true;
    std::string hint = did_you_mean(value, known);
    if (hint.empty()) hint = known.empty() ? "the scenario defines none" : "known: " + join(known);
    error_at(p, "unknown-name", "unknown " + what + " '" + value.substr(0, 60) + "'" + context, hint);
    return false;
}

std::optional<Fields> YamlReader::fields(const YAML::Node& n, const Keys& allowed, const std::string& what) {
    if (!n.IsMap()) {
        error(n, "type", what + " must be a map of keys, found " + kind_name(n),
              "expected keys: " + join(allowed));
        return std::nullopt;
    }
    Fields out;
    for (auto it = n.begin(); it != n.end(); ++it) {
        const YAML::Node k = it->first;  // a copy: `it->first` is a proxy's member
        visit(k);
        if (!k.IsScalar()) {
            error(k, "type", "a key in " + what + " must be a single word, found " + kind_name(k));
            continue;
        }
        const std::string key = k.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            std::string hint = did_you_mean(key, allowed);
            if (hint.empty()) hint = "known keys: " + join(allowed);
            error(k, "unknown-key", "unknown key '" + key + "' in " + what, hint);
            continue;
        }
        if (out.count(key)) {
            error(k, "duplicate-key", "key '" + key + "' appears twice in " + what,
                  "first at line " + std::to_string(pos(out[key].key).line) + "; keep one");
            continue;
        }
        out.emplace(key, Field{k, YAML::Node(it->second)});
    }
    return out;
}

std::vector<YAML::Node> YamlReader::items(const YAML::Node& n, const std::string& what, std::size_t max,
                                      const std::string& max_hint) {
    std::vector<YAML::Node> out;
    if (n.IsNull()) return out;
    if (!n.IsSequence()) {
        error(n, "type", what + " must be a list (lines starting with '- '), found " + kind_name(n));
        return out;
    }
    if (max != 0 && n.size() > max) {
        error(n, "limit", what + " has " + std::to_string(n.size()) + " entries, more than the limit of " +
                              std::to_string(max), max_hint);
        return out;
    }
    for (const auto& item : n) {
        visit(item);
        out.push_back(item);
    }
    return out;
}

std::optional<std::string> YamlReader::text(const YAML::Node& n, const std::string& what) {
    if (!n.IsScalar()) {
        error(n, "type", what + " must be text, found " + kind_name(n));
        return std::nullopt;
    }
    return n.Scalar();
}

std::optional<std::string> YamlReader::ident(const YAML::Node& n, const std::string& what) {
    auto t = text(n, what);
    if (!t) return std::nullopt;
    if (t->size() > limits::kMaxIdLength || !is_id(*t)) {
        error(n, "bad-id", what + " '" + t->substr(0, 80) + "' is not a valid id",
              "ids are letters, digits, '-' and '_', start with a letter or digit, at most " +
                  std::to_string(limits::kMaxIdLength) + " characters (no dots or spaces)");
        return std::nullopt;
    }
    return t;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& n, const std::string& what) {
    bool b = false;
    if (n.IsScalar() && YAML::convert<bool>::decode(n, b)) return b;
    error(n, "type", what + " must be true or false" +
                         (n.IsScalar() ? ", found '" + n.Scalar().substr(0, 40) + "'" : std::string(", found ") + kind_name(n)));
    return std::nullopt;
}

std::optional<double> YamlReader::weight(const YAML::Node& n, const std::string& what) {
    double d = 0;
    if (!n.IsScalar() || !YAML::convert<double>::decode(n, d) || !std::isfinite(d) || d < 0 || d > 1000) {
        error(n, n.IsScalar() ? "bad-value" : "type", what + " must be a number from 0 to 1000" +
                  (n.IsScalar() ? ", found '" + n.Scalar().substr(0, 40) + "'" : std::string(", found ") + kind_name(n)),
              "e.g. weight: 2 counts twice as much as the default weight 1");
        return std::nullopt;
    }
    return d;
}

std::optional<ExTime> YamlReader::duration(const YAML::Node& n, const std::string& what) {
    auto t = text(n, what);
    if (!t) return std::nullopt;
    if (auto d = parse_duration(*t)) return d;
    error(n, "bad-value", "malformed duration '" + t->substr(0, 40) + "' in " + what,
          "write a duration as number+unit, largest unit first: 90s, 15m, 1h30m");
    return std::nullopt;
}

std::optional<ExTime> YamlReader::offset(const YAML::Node& n, const std::string& what) {
    auto t = text(n, what);
    if (!t) return std::nullopt;
    if (auto d = parse_offset(*t)) return d;
    error(n, "bad-value", "malformed clock offset '" + t->substr(0, 40) + "' in " + what,
          "write an offset from the exercise start as +HH:MM or +HH:MM:SS, e.g. +00:15 or +01:02:30");
    return std::nullopt;
}

} // namespace sim::yaml
